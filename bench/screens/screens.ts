/** The desk's screens as the web application asks for them on opening (first page, default filters). */
export interface Sample {
  id: string;
  name: string;
  idNumber: string;
  householdNo: string;
  county: string;
}

export function screenList(s: Sample, screeningRunId: string | undefined): { screen: string; path: string }[] {
  const q = (v: string) => `/api/households?q=${encodeURIComponent(v)}`;
  return [
    { screen: '工作台 dashboard', path: '/api/stats/overview' },
    { screen: '期限 deadlines', path: '/api/deadlines' },
    { screen: '本月应走访 visits due', path: '/api/visits/due' },
    { screen: '线索 leads', path: '/api/leads' },
    { screen: '案件 cases', path: '/api/cases' },
    { screen: '部门预警 warnings', path: '/api/warnings' },
    { screen: '排查批次 screening runs', path: '/api/screening/runs' },
    ...(screeningRunId
      ? [{ screen: '排查结果 screening results', path: `/api/screening/runs/${screeningRunId}/results` }]
      : []),
    { screen: '台账 ledgers', path: '/api/ledgers' },
    { screen: '社会救助 assistance', path: '/api/assistance' },
    { screen: '农户列表 households', path: '/api/households' },
    { screen: '按姓名查 search name', path: q(s.name) },
    { screen: '按身份证查 search ID', path: q(s.idNumber) },
    { screen: '按户编号查 search no.', path: q(s.householdNo) },
    { screen: '农户详情 household page', path: `/api/households/${s.id}` },
  ];
}
