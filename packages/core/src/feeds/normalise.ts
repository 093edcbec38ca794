/**
 * One data row of a department file → a staged feed row: normalised ID number, parsed values, the candidate
 * signal with its metric, the dedupe key, and every problem with its row and column. Rows are read one at a time
 * (files can have a million), so the only state is the last value of carried-down columns.
 */
import { ageFromId, STUDENT_AGES } from './fit.js';
import type { Department, Label, RiskType } from '../enums.js';
import type { ColumnBinding } from './header.js';
import { isRepeatedHeader } from './header.js';
import type { FeedSpec, FieldDef } from './fields.js';
import type { SignalType } from './signals.js';
import { SIGNAL_RULES } from './signals.js';
import {
  amountPeriod,
  cellText,
  parseAmountFen,
  parseCount,
  parseDisabilityGrade,
  parseFeedDate,
  parseHousingGrade,
  parseIdCell,
  parseYear,
  parseYesNo,
  type Cell,
  type Parsed,
} from './values.js';

export type IssueSeverity = 'error' | 'notice';

export interface FeedIssue {
  /** "C 身份证号码": the column letter and the header as written, or null for a whole-row problem */
  column: string | null;
  field: string | null;
  problem: string;
  /** errors reject the row; notices only tell the department what was changed or assumed */
  severity: IssueSeverity;
}

export interface FeedRowResult {
  rowNo: number;
  /** false when an error makes the row unusable; it is still reported */
  valid: boolean;
  idNumber: string | null;
  personName: string | null;
  regionHint: string | null;
  /** the candidate signal; null when the row can raise none (e.g. temporary relief, a safe grade-A house) */
  signal: SignalType | null;
  metricFen: number | null;
  metricValue: number | null;
  eventDate: string | null;
  /** department|signal|person|period: the same fact in another file is the same warning */
  dedupeKey: string | null;
  /** department-specific values, the rule inputs, the risk types and, when no signal, why */
  detail: Record<string, unknown>;
  issues: FeedIssue[];
}

export interface NormaliseOptions {
  /** receipt date of the file (YYYY-MM-DD): the default period for rows without a date */
  receivedOn: string;
  /** today's date bounds birth dates and event dates */
  today: string;
}

/** Footer lines that real lists carry below the data: totals, signatures, notes. */
const FOOTER =
  /^(合\s*计|总\s*计|小\s*计|填\s*表|填\s*报|制\s*表|审\s*核|负责人|单位负责人|经办人|联系电话|说明|备注|注[:：])/;

type Values = Record<string, unknown>;

const DISABILITY_CATEGORY: Record<string, string> = {
  视力: 'visual',
  视力残疾: 'visual',
  听力: 'hearing',
  听力残疾: 'hearing',
  言语: 'speech',
  言语残疾: 'speech',
  肢体: 'physical',
  肢体残疾: 'physical',
  智力: 'intellectual',
  智力残疾: 'intellectual',
  精神: 'mental',
  精神残疾: 'mental',
  多重: 'multiple',
  多重残疾: 'multiple',
  // the short forms on certificates and in registers (issue 12 #12)
  视残: 'visual',
  听残: 'hearing',
  言残: 'speech',
  语残: 'speech',
  肢残: 'physical',
  智残: 'intellectual',
  精残: 'mental',
  多残: 'multiple',
  多重残: 'multiple',
};

/** A disability category as written ("肢残", "肢体残疾", "一级肢体", "肢体(一级)") → its code. */
function disabilityCategory(text: string): string | undefined {
  const s = text.replace(/\s|[((][^))]*[))]|[一二三四1-4]级/g, '').replace(/类$/, '');
  return DISABILITY_CATEGORY[s];
}

/**
 * Whether a text states something, not its negation: "无倒损", "房屋未倒塌", "没有倒塌" do not state a collapse
 * (issue 12 #12). Negated mentions are cut out before the pattern is looked for, so "未倒塌但严重损坏" still does.
 */
export function affirms(text: string, pattern: RegExp): boolean {
  const cut = text.replace(NEGATED, '');
  return pattern.test(cut);
}
const NEGATED =
  /(无|未|没有|没|不|非|否|并未|尚未|未曾)(发生|造成|出现|有|是|属于|再)?(房屋)?(倒塌|倒损|严重损坏|损坏|受损|全损|灭失|死亡|去世|低保|特困|水质问题|水质不达标|水质超标)/g;
/** The 19th character of a 20-digit 残疾人证号 is the category (1 视力 … 7 多重), the 20th the grade. */
const CERT_CATEGORY = ['', 'visual', 'hearing', 'speech', 'physical', 'intellectual', 'mental', 'multiple'];

export class FeedRowNormaliser {
  private readonly carried = new Map<string, Cell>();
  private readonly byKey = new Map<string, ColumnBinding>();

  constructor(
    private readonly spec: FeedSpec,
    private readonly columns: readonly ColumnBinding[],
    private readonly opts: NormaliseOptions,
  ) {
    for (const c of columns) this.byKey.set(c.field.key, c);
    this.idCol = this.byKey.get('id_number') ?? this.byKey.get('cert_no');
    this.required = spec.fields.filter((f) => f.required);
  }

  private readonly idCol: ColumnBinding | undefined;
  private readonly required: readonly FieldDef[];

  get department(): Department {
    return this.spec.department;
  }

  /** A blank, footer or repeated-header row: not data, and it carries nothing down. */
  skips(cells: readonly Cell[]): boolean {
    let blank = true;
    for (const c of cells) {
      if (quickText(c) !== '') {
        blank = false;
        break;
      }
    }
    if (blank) return true;
    const idCol = this.idCol;
    const idText = idCol ? quickText(cells[idCol.index]) : '';
    const idCode = idText.charCodeAt(0);
    // Footers and repeated headers have no ID number; only such rows pay for these checks.
    if (!(idCode >= 48 && idCode <= 57) && !(idCode >= 0xff10 && idCode <= 0xff19)) {
      if (!idText) {
        const first = cells.map(cellText).find(Boolean);
        if (first && FOOTER.test(first)) return true;
      }
      if (isRepeatedHeader(cells, this.columns)) return true;
    }
    return false;
  }

  /**
   * What a run of rows carries down, found without normalising them: the last value of each carried-down column,
   * and whether one of the first rows has that column blank with nothing above it in the run (it takes the value
   * from the rows before the run). A file parsed in blocks passes these between its blocks.
   */
  carryOf(rows: readonly (readonly Cell[])[]): { out: [string, Cell][]; needsIn: boolean } {
    const out: [string, Cell][] = [];
    let needsIn = false;
    for (const col of this.columns) {
      if (!col.field.carryDown) continue;
      for (const cells of rows) {
        if (this.skips(cells)) continue;
        if (quickText(cells[col.index]) === '') needsIn = true;
        break;
      }
      for (let i = rows.length - 1; i >= 0; i--) {
        const cell = rows[i]![col.index];
        if (quickText(cell) !== '' && !this.skips(rows[i]!)) {
          out.push([col.field.key, cell]);
          break;
        }
      }
    }
    return { out, needsIn };
  }

  /** Start from carried-down values read before (the end of the previous block of the file). */
  seedCarry(entries: readonly [string, Cell][]): void {
    this.carried.clear();
    for (const [k, v] of entries) this.carried.set(k, v);
  }

  // per-row state: the row's problems (kept on the instance so the hot loop creates no closures)
  private issues: FeedIssue[] = [];

  private addIssue(field: FieldDef | null, problem: string, severity: IssueSeverity = 'error'): void {
    const col = field ? this.byKey.get(field.key) : undefined;
    this.issues.push({
      column: col ? `${col.letter} ${col.header}` : field ? field.zh : null,
      field: field?.key ?? null,
      problem,
      severity,
    });
  }

  private hasIssue(key: string): boolean {
    for (const i of this.issues) if (i.field === key) return true;
    return false;
  }

  private fieldDef(key: string): FieldDef | null {
    return this.spec.fields.find((x) => x.key === key) ?? null;
  }

  /** null: a blank, footer or repeated-header row, which is skipped without a report line. */
  normalise(rowNo: number, cells: readonly Cell[]): FeedRowResult | null {
    if (this.skips(cells)) return null;
    const idCol = this.idCol;
    const idText = idCol ? quickText(cells[idCol.index]) : '';
    const issues: FeedIssue[] = [];
    this.issues = issues;
    const values: Values = {};
    for (const col of this.columns) {
      const field = col.field;
      let cell: Cell = cells[col.index];
      if (field.carryDown) {
        if (quickText(cell) === '') cell = this.carried.get(field.key);
        else this.carried.set(field.key, cell);
      }
      if (quickText(cell) === '') continue;
      const r = this.parse(field, cell);
      if (r.ok) {
        values[field.key] = r.value;
        if (field.kind === 'amount') this.notePeriod(field, cell, r.value as number);
      } else if (field.lenient) {
        // an optional column no rule reads: what it says is reported, the row still counts (issue 12 #12)
        this.addIssue(field, `${r.problem}(已忽略此值 / value ignored)`, 'notice');
      } else this.addIssue(field, r.problem);
    }
    for (const field of this.required) {
      if (values[field.key] === undefined && !this.hasIssue(field.key)) {
        this.addIssue(field, `${field.zh}为空 / ${field.en} is empty`);
      }
    }

    // ID number: from its column, or from a 20-digit disability certificate number.
    let id = values.id_number as { idNumber: string; upgraded: boolean } | undefined;
    const cert = values.cert_no as { idNumber: string; category: string; grade: number } | undefined;
    if (!id && cert) id = { idNumber: cert.idNumber, upgraded: false };
    if (id?.upgraded) {
      this.addIssue(this.fieldDef('id_number'), `15位旧号已升级为 ${id.idNumber} / 15-digit number upgraded`, 'notice');
    }
    if (!id && !this.hasIssue('id_number') && !this.hasIssue('cert_no')) {
      this.addIssue(this.fieldDef('id_number'), '身份证号为空 / ID number is empty');
    }

    const fact = this.fact(values, id?.idNumber ?? null);
    const detail = fact.detail ?? {};
    if (!id && idCol) detail.rawId = idText;
    let valid = !!id;
    for (const i of issues) if (i.severity === 'error') valid = false;
    const signal = valid ? (fact.signal ?? null) : null;
    if (signal && detail.riskTypes === undefined) detail.riskTypes = SIGNAL_RULES[signal].riskTypes;
    return {
      rowNo,
      valid,
      idNumber: id?.idNumber ?? null,
      personName: (values.person_name as string | undefined) ?? null,
      regionHint: (values.region_hint as string | undefined) ?? null,
      signal,
      metricFen: fact.metricFen ?? null,
      metricValue: fact.metricValue ?? null,
      eventDate: fact.eventDate ?? null,
      dedupeKey: signal && id ? `${this.spec.department}|${signal}|${id.idNumber}|${fact.period}` : null,
      detail,
      issues,
    };
  }

  private parse(field: FieldDef, cell: Cell): Parsed<unknown> {
    switch (field.kind) {
      case 'id_number': {
        const r = parseIdCell(cell, this.opts.today);
        return r.ok ? { ok: true, value: r.value.id } : r;
      }
      case 'disability_cert': {
        const s = cellText(cell).toUpperCase();
        const m = /^(\d{17}[\dX])([1-7])([1-4])$/.exec(s);
        if (!m)
          return {
            ok: false,
            problem: `残疾人证号应为20位(身份证号+类别+等级): "${s}" / certificate number must have 20 characters`,
          };
        const r = parseIdCell(m[1]!, this.opts.today);
        if (!r.ok) return r;
        return {
          ok: true,
          value: { idNumber: r.value.id.idNumber, category: CERT_CATEGORY[Number(m[2])], grade: Number(m[3]) },
        };
      }
      case 'text':
        return { ok: true, value: cellText(cell) };
      case 'amount':
        return parseAmountFen(cell);
      case 'date':
        return this.checkFuture(parseFeedDate(cell));
      case 'month_or_date':
        return this.checkFuture(parseFeedDate(cell, { allowMonth: true }));
      case 'year':
        return parseYear(cell);
      case 'count':
        return parseCount(cell);
      case 'yes_no':
        return parseYesNo(cell);
      case 'disability_grade':
        return parseDisabilityGrade(cell);
      case 'housing_grade':
        return parseHousingGrade(cell);
    }
  }

  /** "650元/月": the amount is kept as written, with a notice saying per what it was read. */
  private notePeriod(field: FieldDef, cell: Cell, fen: number): void {
    const per = amountPeriod(cell);
    if (!per) return;
    const yuan = (fen / 100).toFixed(2);
    this.addIssue(
      field,
      per === 'month'
        ? `按每月${yuan}元读取 / read as ${yuan} yuan a month`
        : `按每年${yuan}元读取 / read as ${yuan} yuan a year`,
      'notice',
    );
  }

  private checkFuture(r: Parsed<string>): Parsed<string> {
    if (r.ok && r.value > this.opts.today) {
      return { ok: false, problem: `日期 ${r.value} 晚于今天 / date ${r.value} is in the future` };
    }
    return r;
  }

  /** The department-specific part: which signal, which metric, which period. */
  private fact(v: Values, idNumber: string | null): Partial<FeedRowResult> & { period: string } {
    switch (this.spec.department) {
      case 'medical_insurance':
        return this.medicalInsuranceFact(v);
      case 'health':
        return this.healthFact(v);
      case 'education':
        return this.educationFact(v, idNumber);
      case 'civil_affairs':
        return this.civilAffairsFact(v);
      case 'disabled_federation':
        return this.disabledFederationFact(v);
      case 'human_resources':
        return this.humanResourcesFact(v);
      case 'housing':
        return this.housingFact(v);
      case 'emergency':
        return this.emergencyFact(v);
      case 'water':
        return this.waterFact(v);
      case 'agriculture':
        return this.agricultureFact(v);
      case 'rural_revitalization':
        return { signal: null, period: '' };
    }
  }

  /** The medical insurance department's row: its signal, metric and period. */
  private medicalInsuranceFact(v: Values): Partial<FeedRowResult> & { period: string } {
    let oop = v.out_of_pocket as number | undefined;
    const total = v.total_cost as number | undefined;
    if (oop === undefined && total !== undefined) {
      oop =
        total -
        ((v.basic_reimbursed as number | undefined) ?? 0) -
        ((v.critical_paid as number | undefined) ?? 0) -
        ((v.medical_aid as number | undefined) ?? 0);
      if (oop < 0) {
        this.addIssue(this.fieldDef('total_cost'), '报销合计超过总费用 / reimbursements exceed the total cost');
        oop = undefined;
      } else {
        this.addIssue(
          this.fieldDef('out_of_pocket'),
          `个人自付按总费用减报销计算为${(oop / 100).toFixed(2)}元 / out of pocket computed from the total`,
          'notice',
        );
      }
    }
    if (oop === undefined && !this.hasIssue('out_of_pocket') && !this.hasIssue('total_cost')) {
      this.addIssue(
        this.fieldDef('out_of_pocket'),
        '个人自付费用为空,也无总费用可计算 / out-of-pocket cost is empty and no total to compute it from',
      );
    }
    const eventDate = (v.settled_on as string | undefined) ?? null;
    const year = (v.year as number | undefined) ?? (eventDate ? Number(eventDate.slice(0, 4)) : undefined);
    if (year === undefined && !this.hasIssue('settled_on') && !this.hasIssue('year')) {
      this.addIssue(this.fieldDef('settled_on'), '结算日期和统计年度都为空 / neither settlement date nor year given');
    }
    return {
      signal: 'medical_out_of_pocket',
      metricFen: oop ?? null,
      eventDate,
      period: String(year ?? ''),
      detail: pick(v, ['total_cost', 'basic_reimbursed', 'critical_paid', 'medical_aid', 'hospital', 'diagnosis'], {
        year,
      }),
    };
  }

  /** The health department's row: its signal, metric and period. */
  private healthFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const d = v.diagnosed_on as string | undefined;
    const disease = (v.disease as string | undefined) ?? '';
    return {
      signal: 'serious_illness',
      eventDate: d ?? null,
      period: `${disease.replace(/\s/g, '')}`,
      detail: pick(v, ['disease', 'hospital']),
    };
  }

  /** The education department's row: its signal, metric and period. */
  private educationFact(v: Values, idNumber: string | null): Partial<FeedRowResult> & { period: string } {
    const d = (v.event_on as string | undefined) ?? this.opts.receivedOn;
    const detail = pick(v, ['school', 'stage', 'difficulty', 'dropout', 'self_pay']);
    if (idNumber) {
      const age = ageFromId(idNumber, d);
      detail.age = age;
      // issue 12 #11: an adult in a school list is a wrong file or a wrong person, never a student's cost
      if (age < STUDENT_AGES.min || age > STUDENT_AGES.max) {
        this.addIssue(this.fieldDef('id_number'), `${age}岁,不是在读学生的年龄 / aged ${age}: not a student's age`);
      }
    }
    if (v.dropout === true) {
      if (!idNumber) return { signal: 'school_dropout', period: '', detail };
      const age = detail.age as number;
      // 义务教育 covers ages 6 to 15 (nine years from six); a dropout outside it is not this rule's business.
      if (age >= 6 && age <= 15) {
        return {
          signal: 'school_dropout',
          eventDate: d,
          metricValue: age,
          period: d.slice(0, 4),
          detail: { ...detail, age },
        };
      }
      if ((v.self_pay as number | undefined) === undefined) {
        return noSignal(
          { zh: `${age}岁,不在义务教育年龄段`, en: `age ${age}: not of compulsory-school age` },
          { eventDate: d, detail: { ...detail, age } },
        );
      }
    }
    if ((v.self_pay as number | undefined) !== undefined) {
      return {
        signal: 'schooling_self_pay',
        metricFen: (v.self_pay as number | undefined)!,
        eventDate: d,
        period: d.slice(0, 4),
        detail,
      };
    }
    return noSignal(
      { zh: '未辍学且未报自付费用', en: 'neither a dropout nor a self-paid cost' },
      { eventDate: d, detail },
    );
  }

  /** The civil affairs department's row: its signal, metric and period. */
  private civilAffairsFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const t = String(v.record_type ?? '');
    const d = (v.event_on as string | undefined) ?? null;
    const detail = pick(v, ['record_type', 'amount', 'stopped_on']);
    if (affirms(t, /死亡|去世|身故|亡故/)) {
      return { signal: 'death_changes_size', eventDate: d, period: 'death', detail };
    }
    // 低保边缘家庭 (and 低收入) are households near the 低保 line, not 低保 households (issue 12 #12)
    if (/低保边缘|边缘家庭|边缘户|低收入/.test(t)) {
      return noSignal(
        { zh: '低保边缘家庭(不是低保,仅留存)', en: 'a household at the edge of dibao (not dibao): kept on record' },
        { eventDate: d, detail },
      );
    }
    if (affirms(t, /低保|最低生活保障|特困|供养/)) {
      if ((v.stopped_on as string | undefined) || /停保|退出|取消|注销|减少/.test(t)) {
        return noSignal({ zh: '停保或退出记录', en: 'a stop or exit record' }, { eventDate: d, detail });
      }
      // S3 §三(二) names 分散供养特困人员; people in a care institution are not screened as households.
      if (/集中/.test(t)) {
        return noSignal({ zh: '集中供养特困人员', en: 'tekun living in an institution' }, { eventDate: d, detail });
      }
      const aid = /特困|供养/.test(t) ? 'tekun' : 'dibao';
      return {
        signal: 'new_dibao_not_monitored',
        eventDate: d,
        metricFen: (v.amount as number | undefined) ?? null,
        period: `${aid}:${d?.slice(0, 7) ?? ''}`,
        detail: { ...detail, aid },
      };
    }
    if (/临时救助/.test(t)) {
      return noSignal(
        { zh: '临时救助记录(仅留存)', en: 'temporary relief (kept on record)' },
        { eventDate: d, detail },
      );
    }
    this.addIssue(
      this.fieldDef('record_type'),
      `业务类型无法识别: "${t}" (应为 新增低保、新增特困、临时救助、死亡) / unknown record type`,
    );
    return { signal: null, period: '', detail };
  }

  /** The disabled federation department's row: its signal, metric and period. */
  private disabledFederationFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const cert = v.cert_no as { category: string; grade: number; idNumber: string } | undefined;
    const catText = v.category as string | undefined;
    const category = (catText ? disabilityCategory(catText) : undefined) ?? cert?.category ?? null;
    if (catText && !disabilityCategory(catText)) {
      this.addIssue(this.fieldDef('category'), `残疾类别无法识别: "${catText}" / unknown disability category`);
    }
    const grade = (v.grade as number | undefined) ?? cert?.grade;
    if (grade === undefined && !this.hasIssue('grade'))
      this.addIssue(this.fieldDef('grade'), '残疾等级为空 / disability grade is empty');
    if (cert && v.id_number && (v.id_number as { idNumber: string }).idNumber !== cert.idNumber) {
      this.addIssue(
        this.fieldDef('cert_no'),
        '残疾人证号与身份证号不一致 / certificate number does not match the ID number',
      );
    }
    return {
      signal: 'severe_disability',
      metricValue: grade ?? null,
      eventDate: (v.issued_on as string | undefined) ?? null,
      period: `grade${grade ?? ''}`,
      detail: { category, grade },
    };
  }

  /** The human resources department's row: its signal, metric and period. */
  private humanResourcesFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const d = (v.lost_job_on as string | undefined) ?? null;
    return {
      signal: 'main_earner_unemployed',
      eventDate: d,
      metricFen: (v.benefit as number | undefined) ?? null,
      period: d?.slice(0, 7) ?? '',
      detail: { ...pick(v, ['employer']), mainEarner: (v.main_earner as boolean | undefined) ?? null },
    };
  }

  /** The housing department's row: its signal, metric and period. */
  private housingFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const d = (v.appraised_on as string | undefined) ?? null;
    const grade = v.grade as 'A' | 'B' | 'C' | 'D' | undefined;
    return {
      signal: 'unsafe_housing',
      eventDate: d,
      period: `${grade ?? ''}:${d?.slice(0, 4) ?? ''}`,
      detail: { ...pick(v, ['structure']), grade: grade ?? null },
    };
  }

  /** The emergency department's row: its signal, metric and period. */
  private emergencyFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const d = (v.occurred_on as string | undefined) ?? null;
    const type = String(v.disaster_type ?? '');
    const damage = String(v.house_damage ?? '');
    const risk: RiskType = /事故|意外|火灾|交通|溺水|触电/.test(type) ? 'accident' : 'natural_disaster';
    if ((v.loss as number | undefined) === undefined && !damage) {
      this.addIssue(this.fieldDef('loss'), '直接经济损失和房屋受损情况都为空 / neither loss nor house damage given');
    }
    return {
      signal: 'disaster_loss',
      eventDate: d,
      metricFen: (v.loss as number | undefined) ?? null,
      period: `${type}:${d ?? ''}`,
      detail: {
        disasterType: type,
        houseDamage: damage || null,
        houseDestroyed: affirms(damage, /倒塌|倒损|严重损坏|全损|灭失/),
        riskTypes: [risk],
      },
    };
  }

  /** The water department's row: its signal, metric and period. */
  private waterFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const d = (v.occurred_on as string | undefined) ?? null;
    const issueText = String(v.issue ?? '');
    // "水质达标" or "水质合格" is no quality problem; "水质不达标", "水质超标", "水质问题" are
    const quality = affirms(issueText, /水质(?!(已)?(达标|合格|正常|良好))/);
    if (!quality && v.days === undefined)
      this.addIssue(this.fieldDef('days'), '停水天数为空 / days without water is empty');
    return {
      signal: 'water_outage',
      eventDate: d,
      metricValue: (v.days as number | undefined) ?? null,
      period: d?.slice(0, 7) ?? '',
      detail: { issue: issueText, waterQualityProblem: quality },
    };
  }

  /** The agriculture department's row: its signal, metric and period. */
  private agricultureFact(v: Values): Partial<FeedRowResult> & { period: string } {
    const d = (v.occurred_on as string | undefined) ?? null;
    return {
      signal: 'industry_failure',
      eventDate: d,
      metricFen: (v.loss as number | undefined) ?? null,
      period: `${String(v.project ?? '')}:${d?.slice(0, 4) ?? ''}`,
      detail: pick(v, ['project']),
    };
  }
}

function noSignal(reason: Label, extra: Partial<FeedRowResult> = {}): Partial<FeedRowResult> & { period: string } {
  return { signal: null, period: '', ...extra, detail: { ...(extra.detail ?? {}), noSignal: reason } };
}

/** cellText without the regex when the cell is already clean text (the common case, a million times). */
function quickText(c: Cell): string {
  if (typeof c === 'string') {
    const n = c.length;
    if (n === 0) return '';
    const a = c.charCodeAt(0);
    const b = c.charCodeAt(n - 1);
    if (a > 32 && b > 32 && a !== 0x3000 && b !== 0x3000 && a !== 0xfeff) return c;
  }
  return cellText(c);
}

function pick(v: Values, keys: readonly string[], extra?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const x = v[keys[i]!];
    if (x !== undefined) out[keys[i]!] = x;
  }
  if (extra) for (const k in extra) out[k] = extra[k];
  return out;
}
