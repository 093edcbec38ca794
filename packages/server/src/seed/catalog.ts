/**
 * Word lists for the demo generator: names, diseases, places and the short texts cadres write. Plain data, so
 * the distributions in generator.ts stay readable.
 */

/** Common surnames with rough weights (the most frequent first). */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 71],
  ['张', 68],
  ['刘', 54],
  ['陈', 45],
  ['杨', 31],
  ['赵', 22],
  ['黄', 21],
  ['周', 19],
  ['吴', 19],
  ['徐', 15],
  ['孙', 15],
  ['于', 13],
  ['马', 12],
  ['朱', 12],
  ['胡', 11],
  ['郭', 11],
  ['何', 10],
  ['高', 10],
  ['林', 10],
  ['姜', 9],
  ['董', 8],
  ['崔', 8],
  ['韩', 8],
  ['曹', 7],
  ['宋', 7],
  ['郑', 7],
  ['冯', 6],
  ['邓', 6],
  ['许', 6],
  ['唐', 6],
  ['曲', 5],
  ['关', 5],
  ['范', 5],
  ['付', 5],
  ['程', 5],
  ['吕', 5],
  ['田', 5],
  ['丁', 4],
  ['白', 4],
  ['魏', 4],
  ['孟', 4],
  ['金', 4],
  ['鲁', 3],
  ['薛', 3],
  ['常', 3],
  ['潘', 3],
  ['贾', 3],
  ['隋', 2],
  ['修', 2],
  ['那', 1],
  ['欧阳', 1],
];

const MALE_CHARS = [
  ...'伟强军勇磊涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帅旭宁龙林阳杰峰建国庆志文成海东春福德山振永宝贵发长喜金财树青松柱',
];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞秀英玲桂兰萍红梅琴云莲凤洁燕慧雪婷颖倩欣悦琳晶佳怡月淑珍荣春香玉华杰'];
/** Two-character given names typical of people born before about 1970. */
const OLD_MALE = ['建国', '国庆', '德福', '长山', '永发', '振海', '宝贵', '树林', '春生', '凤山', '玉林', '广才'];
const OLD_FEMALE = ['秀兰', '桂英', '玉兰', '淑珍', '凤兰', '桂芝', '秀英', '玉珍', '淑芬', '桂兰', '春梅', '凤霞'];

export function givenName(
  rnd: { float(): number; pick<T>(a: readonly T[]): T },
  sex: 'male' | 'female',
  birthYear: number,
): string {
  if (birthYear < 1970 && rnd.float() < 0.45) return rnd.pick(sex === 'male' ? OLD_MALE : OLD_FEMALE);
  const chars = sex === 'male' ? MALE_CHARS : FEMALE_CHARS;
  return rnd.float() < 0.35 ? rnd.pick(chars) : rnd.pick(chars) + rnd.pick(chars);
}

export const ETHNICITIES: readonly (readonly [string, number])[] = [
  ['汉族', 92],
  ['满族', 4],
  ['朝鲜族', 2],
  ['回族', 1],
  ['蒙古族', 1],
];

export const CHRONIC_DISEASES = [
  '高血压',
  '糖尿病',
  '慢性阻塞性肺疾病',
  '冠心病',
  '类风湿性关节炎',
  '慢性肾病',
  '腰椎间盘突出症',
  '脑梗死后遗症',
] as const;

export const SERIOUS_DISEASES = [
  '恶性肿瘤',
  '尿毒症',
  '脑出血',
  '白血病',
  '重性精神障碍',
  '急性心肌梗死',
  '肝硬化',
] as const;

/** 外出务工 destinations outside the province. */
export const DISTANT_WORKPLACES = [
  '北京市',
  '天津市',
  '辽宁省大连市',
  '辽宁省沈阳市',
  '山东省青岛市',
  '江苏省苏州市',
  '浙江省宁波市',
  '广东省深圳市',
  '上海市',
  '河北省廊坊市',
];

export const EMPLOYERS = [
  '建筑工地',
  '物流公司',
  '食品加工厂',
  '电子厂',
  '餐饮服务',
  '家政服务',
  '装修施工队',
  '汽车配件厂',
  '农业专业合作社',
  '林场季节工',
];

export const PUBLIC_WELFARE_JOBS = [
  '护林员',
  '保洁员',
  '护路员',
  '管水员',
  '治安巡逻员',
  '孤寡老人看护员',
  '河道巡查员',
];

export const DROPOUT_REASONS = ['厌学', '因病', '家庭经济困难', '随父母外出', '因残(送教上门)'];

export const WATER_ISSUES = ['季节性缺水', '水质不达标', '取水距离远', '供水管网损坏'];

export const NATURAL_VILLAGE_SUFFIXES = ['屯', '沟', '岔', '堡', '营子', '村'];
export const GROUP_NAMES = ['一组', '二组', '三组', '四组', '五组', '六组', '七组', '八组'];

export const VISIT_NOTES = [
  '入户走访,了解家庭收支和“两不愁三保障”情况',
  '电话回访,家庭情况稳定',
  '入户走访,宣传防返贫监测政策,发放明白纸',
  '入户核实务工和生产经营情况',
  '入户走访,了解家庭成员健康和就医情况',
];

export const REJECTION_REASONS = [
  '经入户核实,家庭人均纯收入高于监测范围且无返贫致贫风险',
  '家庭成员有实质性经营企业,属不纳入监测情形(S0 方案二 §二(二))',
  '家庭拥有商品房和家用轿车,属不纳入监测情形(S0 方案二 §二(二))',
  '风险已自行消除,无需纳入监测',
];

export const OBJECTIONS = [
  '群众反映该户家庭收入情况与申报不符',
  '有村民反映该户子女在城区购有商品房',
  '反映该户家中有营运车辆',
];
