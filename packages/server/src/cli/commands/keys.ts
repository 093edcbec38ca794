import type { Command } from 'commander';
import type { FieldCipherName } from '../../security/field-cipher.js';
import {
  activeFieldKeys,
  addFieldKey,
  keyFileOf,
  loadFieldKeys,
  removeFieldKey,
  useFieldKeys,
} from '../../security/field-keys.js';
import { resealAll, tokensByKey } from '../../security/reseal.js';
import { photoKeyCounts } from '../../services/photo-files.js';
import { exportFileKeyCounts } from '../../services/export-file.service.js';
import { action, CliError, withStore } from '../context.js';

const cipherLabel = (c: FieldCipherName) => (c === 'sm4' ? 'SM4(国密)' : 'AES-256-GCM');

export function register(program: Command): void {
  const keys = program.command('keys').description('敏感字段加密密钥 / the keys of the sealed fields');

  keys
    .command('status')
    .description('列出密钥及各密钥加密的字段值数 / list the keys and how many values each seals')
    .action(
      action(async () => {
        await withStore(async ({ store }) => {
          const ring = activeFieldKeys()!;
          const counts = await tokensByKey(store);
          console.log(`密钥来源 / keys from: ${ring.file ?? 'DIXIAN_FIELD_KEYS'}`);
          for (const k of ring.keys.values()) {
            const mark = k.id === ring.current.id ? ' ← 当前 / current' : '';
            console.log(`  ${k.id}  ${cipherLabel(k.cipher)}  ${counts.get(k.id) ?? 0} 个值 / values${mark}`);
          }
          for (const [id, n] of counts) {
            if (id !== 'clear' && !ring.keys.has(id))
              console.log(`  ${id}  缺失 / MISSING  ${n} 个值无法解密 / values cannot be opened`);
          }
          console.log(`  明文 / clear: ${counts.get('clear') ?? 0}`);
        });
      }),
    );

  keys
    .command('rotate')
    .description('新建密钥并以其重新加密全部敏感字段 / add a key and re-seal every sensitive value under it')
    .option('--cipher <name>', '新密钥的算法 / cipher of the new key: sm4 | aes-256-gcm (default DIXIAN_FIELD_CIPHER)')
    .action(
      action(async (opts: { cipher?: string }) => {
        await withStore(async ({ config, store }) => {
          const cipher = (opts.cipher ?? config.fieldCipher) as FieldCipherName;
          if (cipher !== 'sm4' && cipher !== 'aes-256-gcm') throw new CliError(`未知算法 / unknown cipher ${cipher}`);
          if (config.fieldKeys) {
            throw new CliError(
              '密钥由 DIXIAN_FIELD_KEYS 提供,无法在此轮换:改用密钥文件 / keys come from DIXIAN_FIELD_KEYS: rotate a key file instead',
            );
          }
          const file = keyFileOf(config);
          const id = addFieldKey(file, cipher);
          useFieldKeys(loadFieldKeys(config));
          console.log(`新密钥 / new key ${id} (${cipherLabel(cipher)}) in ${file}`);
          const done = await resealAll(store);
          const total = done.reduce((n, d) => n + d.rows, 0);
          console.log(
            `已重新加密 / re-sealed ${total} 行 / rows: ${done.map((d) => `${d.table} ${d.rows}`).join(', ')}`,
          );
          console.log(
            '旧密钥保留至确认无值使用后再 `dixian keys retire <id>` / keep the old key until `keys status` shows it seals nothing',
          );
        });
      }),
    );

  keys
    .command('retire <id>')
    .description('删除已无字段值使用的旧密钥 / remove an old key that seals no value any more')
    .action(
      action(async (id: string) => {
        await withStore(async ({ config, store }) => {
          const n = (await tokensByKey(store)).get(id) ?? 0;
          if (n)
            throw new CliError(
              `密钥 ${id} 仍加密 ${n} 个值:先运行 dixian keys rotate / key ${id} still seals ${n} values`,
            );
          // visit photos are sealed files that `keys rotate` does not re-seal: their key stays
          const photos = (await photoKeyCounts(config.photoDir)).get(id) ?? 0;
          if (photos)
            throw new CliError(`密钥 ${id} 仍加密 ${photos} 张走访照片 / key ${id} still seals ${photos} visit photos`);
          // background exports are sealed files too, kept a day: wait for them to expire (or delete them)
          const files = (await exportFileKeyCounts(store)).get(id) ?? 0;
          if (files)
            throw new CliError(
              `密钥 ${id} 仍加密 ${files} 个后台导出文件(24 小时内自动删除)/ key ${id} still seals ${files} background export files (deleted within 24 hours)`,
            );
          removeFieldKey(keyFileOf(config), id);
          console.log(
            `已删除密钥 / removed key ${id}; 早于此的备份需要保存好的旧密钥文件才能恢复 / backups older than this need the old key file`,
          );
        });
      }),
    );
}
