import { EIGHT_POINTS } from '@dixian/core';
import type { EightPointsReport, EightPointsRow } from '@dixian/core/api';

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

function Row({ r, name }: { r: EightPointsRow; name: string }) {
  return (
    <tr>
      <td>{name}</td>
      {EIGHT_POINTS.map((p) => {
        const f = r.figures[p.id];
        return (
          <td key={p.id} className={f.short ? 'eight-short' : undefined}>
            {f.denominator ? `${f.met}/${f.denominator} ${pct(f.share)}${f.short ? ' 未达标' : ''}` : '—'}
          </td>
        );
      })}
      <td className={r.awareness.short ? 'eight-short' : undefined}>
        {r.awareness.respondents
          ? `${r.awareness.aware}/${r.awareness.respondents} ${pct(r.awareness.share)}`
          : '未调查'}
      </td>
    </tr>
  );
}

/**
 * The printed inspection sheet of an area (S3 §三, §六(三) 实地督导): only in print, in Chinese whatever the screen
 * language, region names and figures, the definition of each point, and lines for the signatures.
 */
export function EightPointsSheet({ report }: { report: EightPointsReport }) {
  const area = report.total.regionName ?? '';
  return (
    <div className="eight-sheet" aria-hidden="true">
      <h1>{area}防返贫动态监测帮扶专项整治八项重点检查表</h1>
      <p>统计日期:{report.asOf}(达标户数/应统计户数 达标率;低于目标的标注“未达标”)</p>
      <table>
        <thead>
          <tr>
            <th>区域</th>
            {EIGHT_POINTS.map((p) => (
              <th key={p.id}>
                {'一二三四五六七八'[p.seq - 1]}、{p.label.zh}
              </th>
            ))}
            <th>政策知晓率</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((r) => (
            <Row key={r.regionCode} r={r} name={r.regionName ?? ''} />
          ))}
          <Row r={report.total} name={`合计`} />
        </tbody>
      </table>
      <table>
        <thead>
          <tr>
            <th>检查内容</th>
            <th>达标</th>
            <th>统计范围</th>
          </tr>
        </thead>
        <tbody>
          {EIGHT_POINTS.map((p) => (
            <tr key={p.id}>
              <td>
                {'一二三四五六七八'[p.seq - 1]}、{p.label.zh}
              </td>
              <td>{p.numerator.zh}</td>
              <td>{p.denominator.zh}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>检查人:______________ 被检查单位负责人:______________ 检查日期:______________</p>
    </div>
  );
}
