import { InboxOutlined } from '@ant-design/icons';
import { Upload } from 'antd';

/**
 * One file dropped or chosen, handed to `onFile` and never uploaded by antd itself (the page sends it its own way,
 * with progress and the server's answer).
 */
export function FileDrop(p: {
  accept: string;
  disabled: boolean;
  onFile: (file: File) => void;
  text: string;
  hint: string;
  testId: string;
}) {
  return (
    <Upload.Dragger
      accept={p.accept}
      multiple={false}
      showUploadList={false}
      disabled={p.disabled}
      beforeUpload={(file) => {
        p.onFile(file);
        return false;
      }}
      data-testid={p.testId}
    >
      <p className="ant-upload-drag-icon">
        <InboxOutlined />
      </p>
      <p className="ant-upload-text">{p.text}</p>
      <p className="ant-upload-hint">{p.hint}</p>
    </Upload.Dragger>
  );
}
