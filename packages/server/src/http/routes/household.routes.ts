import {
  HouseholdCreateBody,
  HouseholdDetail,
  HouseholdPage,
  HouseholdSearchQuery,
  HouseholdUpdateBody,
  HouseholdView,
  IdParams,
  IncomeCreateBody,
  IncomeParams,
  IncomeUpdateBody,
  IncomeView,
  MemberCreateBody,
  MemberLeaveBody,
  MemberParams,
  MemberUpdateBody,
  MemberView,
  OkBody,
  UnmaskBody,
  UnmaskResponse,
  VersionQuery,
} from '@dixian/core/api';
import {
  createHousehold,
  getHouseholdDetail,
  searchHouseholds,
  unmaskHousehold,
  updateHousehold,
} from '../../services/household.service.js';
import { createIncome, deleteIncome, updateIncome } from '../../services/income.service.js';
import { createMember, deleteMember, leaveMember, updateMember } from '../../services/member.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RouteApp, type RoutePlugin } from '../route-kit.js';

const tags = ['households'];

/** Households, their members and income records, and the audited unmask. */
export const householdRoutes: RoutePlugin = async (app) => {
  householdRecordRoutes(app);
  memberRoutes(app);
  incomeRoutes(app);
};

/** The household itself: search, register, read, change, unmask. */
function householdRecordRoutes(app: RouteApp): void {
  app.get(
    '/api/households',
    {
      schema: {
        tags,
        summary: '按姓名、身份证号或户编号查找农户 / search households by name, ID number or household number',
        querystring: HouseholdSearchQuery,
        response: withErrors({ 200: HouseholdPage }),
      },
    },
    (req) => searchHouseholds(ctxOf(req), req.query),
  );
  app.post(
    '/api/households',
    {
      schema: {
        tags,
        summary: '新增农户及成员 / register a household with its members',
        body: HouseholdCreateBody,
        response: withErrors({ 201: HouseholdDetail }),
      },
    },
    async (req, reply) => reply.code(201).send(await createHousehold(ctxOf(req), req.body)),
  );
  app.get(
    '/api/households/:id',
    {
      schema: {
        tags,
        summary: '农户详情与时间线 / household detail and timeline',
        params: IdParams,
        response: withErrors({ 200: HouseholdDetail }),
      },
    },
    (req) => getHouseholdDetail(ctxOf(req), req.params.id),
  );
  app.patch(
    '/api/households/:id',
    {
      schema: {
        tags,
        summary: '修改农户信息(需版本号) / update a household (with its version)',
        params: IdParams,
        body: HouseholdUpdateBody,
        response: withErrors({ 200: HouseholdView }),
      },
    },
    (req) => updateHousehold(ctxOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/households/:id/unmask',
    {
      schema: {
        tags,
        summary: '查看明文身份证号、电话、病情(记入审计) / clear ID numbers, phones, health details (audited)',
        params: IdParams,
        body: UnmaskBody,
        response: withErrors({ 200: UnmaskResponse }),
      },
    },
    (req) => unmaskHousehold(ctxOf(req), req.params.id, req.body),
  );
}

/** Members of a household, each change with the version read. */
function memberRoutes(app: RouteApp): void {
  app.post(
    '/api/households/:id/members/:memberId/leave',
    {
      schema: {
        tags,
        summary: '成员迁出或婚出(保留记录,不再计入家庭人口) / a member leaves the household (kept on record)',
        params: MemberParams,
        body: MemberLeaveBody,
        response: withErrors({ 200: MemberView }),
      },
    },
    (req) => leaveMember(ctxOf(req), req.params.id, req.params.memberId, req.body),
  );
  app.post(
    '/api/households/:id/members',
    {
      schema: {
        tags,
        summary: '新增家庭成员 / add a member',
        params: IdParams,
        body: MemberCreateBody,
        response: withErrors({ 201: MemberView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createMember(ctxOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/households/:id/members/:memberId',
    {
      schema: {
        tags,
        summary: '修改家庭成员(需版本号) / update a member (with its version)',
        params: MemberParams,
        body: MemberUpdateBody,
        response: withErrors({ 200: MemberView }),
      },
    },
    (req) => updateMember(ctxOf(req), req.params.id, req.params.memberId, req.body),
  );
  app.delete(
    '/api/households/:id/members/:memberId',
    {
      schema: {
        tags,
        summary: '删除家庭成员(需版本号) / delete a member (with its version)',
        params: MemberParams,
        querystring: VersionQuery,
        response: withErrors({ 200: OkBody }),
      },
    },
    async (req) => {
      await deleteMember(ctxOf(req), req.params.id, req.params.memberId, req.query.version);
      return { ok: true as const };
    },
  );
}

/** Income and spending records of a household. */
function incomeRoutes(app: RouteApp): void {
  app.post(
    '/api/households/:id/incomes',
    {
      schema: {
        tags,
        summary: '新增收支记录 / add an income record',
        params: IdParams,
        body: IncomeCreateBody,
        response: withErrors({ 201: IncomeView }),
      },
    },
    async (req, reply) => reply.code(201).send(await createIncome(ctxOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/households/:id/incomes/:incomeId',
    {
      schema: {
        tags,
        summary: '修改收支记录 / update an income record',
        params: IncomeParams,
        body: IncomeUpdateBody,
        response: withErrors({ 200: IncomeView }),
      },
    },
    (req) => updateIncome(ctxOf(req), req.params.id, req.params.incomeId, req.body),
  );
  app.delete(
    '/api/households/:id/incomes/:incomeId',
    {
      schema: {
        tags,
        summary: '删除收支记录 / delete an income record',
        params: IncomeParams,
        response: withErrors({ 200: OkBody }),
      },
    },
    async (req) => {
      await deleteIncome(ctxOf(req), req.params.id, req.params.incomeId);
      return { ok: true as const };
    },
  );
}
