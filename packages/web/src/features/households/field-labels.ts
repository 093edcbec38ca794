import type { Label } from '@dixian/core';

/**
 * What a changed field of a household or member is called, for "who changed what since" and the change
 * history; a field not listed is "other details", never its code.
 */
const FIELD_LABELS: Record<string, Label> = {
  name: { zh: '姓名', en: 'name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  sex: { zh: '性别', en: 'sex' },
  birthDate: { zh: '出生日期', en: 'birth date' },
  relation: { zh: '与户主关系', en: 'relation' },
  healthStatus: { zh: '健康状况', en: 'health' },
  disease: { zh: '病情', en: 'illness' },
  disabilityCategory: { zh: '残疾类别', en: 'disability category' },
  disabilityGrade: { zh: '残疾等级', en: 'disability grade' },
  laborCapacity: { zh: '劳动技能', en: 'labour capacity' },
  schoolStatus: { zh: '在校情况', en: 'schooling' },
  workMonths: { zh: '务工时间', en: 'months worked' },
  workPlace: { zh: '务工地点', en: 'place of work' },
  medicalInsurance: { zh: '基本医疗保险', en: 'medical insurance' },
  pensionInsurance: { zh: '养老保险', en: 'pension insurance' },
  criticalIllnessInsurance: { zh: '大病保险', en: 'critical illness insurance' },
  receivesMedicalAid: { zh: '医疗救助', en: 'medical aid' },
  receivesDibao: { zh: '低保', en: 'dibao' },
  isTekun: { zh: '特困供养', en: 'tekun support' },
  registeredHere: { zh: '户籍在本户', en: 'registered here' },
  livesAndShares: { zh: '共同生活', en: 'lives and shares income here' },
  phone: { zh: '联系电话', en: 'phone' },
  deceasedOn: { zh: '死亡日期', en: 'date of death' },
  leftOn: { zh: '迁出日期', en: 'date left' },
  address: { zh: '住址', en: 'address' },
  naturalVillage: { zh: '自然村', en: 'hamlet' },
  householdType: { zh: '户类型', en: 'household type' },
  monitorContact: { zh: '帮扶联系人', en: 'monitoring contact' },
  monitorContactPhone: { zh: '联系人电话', en: 'contact phone' },
  pairedPartyMember: { zh: '结对帮扶党员', en: 'paired party member' },
  housingStructure: { zh: '住房结构', en: 'housing structure' },
  housingSafetyGrade: { zh: '住房安全等级', en: 'housing safety grade' },
  onlyHomeMudBrick: { zh: '唯一住房为土坯房', en: 'only home is mud brick' },
  drinkingWaterSafe: { zh: '饮水安全', en: 'safe drinking water' },
  waterIssue: { zh: '饮水问题', en: 'water problem' },
  foodClothingSecure: { zh: '不愁吃穿', en: 'food and clothing secure' },
  hasPrivateCar: { zh: '家用汽车', en: 'private car' },
  hasCommercialHousing: { zh: '商品房', en: 'commercial housing' },
  hasBusiness: { zh: '经营实体', en: 'business' },
  wageFen: { zh: '工资性收入', en: 'wages' },
  businessGrossFen: { zh: '生产经营性收入', en: 'business income' },
  businessCostFen: { zh: '生产经营性支出', en: 'business cost' },
  propertyFen: { zh: '财产性收入', en: 'property income' },
  transferFen: { zh: '转移性收入', en: 'transfers' },
  medicalOutOfPocketFen: { zh: '医疗自付', en: 'medical out of pocket' },
  schoolingExpenseFen: { zh: '教育支出', en: 'schooling' },
  disasterLossFen: { zh: '灾害损失', en: 'disaster loss' },
};

export function fieldLabel(field: string): Label {
  return FIELD_LABELS[field] ?? { zh: '其他信息', en: 'other details' };
}
