import {
  AccountSecurity,
  OkBody,
  RecoveryCodes,
  SignInList,
  TotpCodeBody,
  TotpDisableBody,
  TotpEnrolment,
} from '@dixian/core/api';
import {
  accountSecurity,
  confirmTotp,
  disableTotp,
  recentSignIns,
  renewRecoveryCodes,
  startTotp,
} from '../../services/second-factor.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** One's own account security (账户安全, issue 21 §2, §5): open to every signed-in user, for their own account. */
export const accountRoutes: RoutePlugin = async (app) => {
  const tags = ['account'];
  app.get(
    '/api/account/security',
    {
      schema: {
        tags,
        summary: '本人账户安全(二次验证、密码有效期) / own second factor and password age',
        response: withErrors({ 200: AccountSecurity }),
      },
    },
    (req) => accountSecurity(ctxOf(req)),
  );
  app.get(
    '/api/account/sign-ins',
    {
      schema: {
        tags,
        summary: '本人最近登录记录 / own recent sign-ins',
        response: withErrors({ 200: SignInList }),
      },
    },
    (req) => recentSignIns(ctxOf(req)),
  );
  app.post(
    '/api/account/totp',
    {
      schema: {
        tags,
        summary: '开始绑定验证器(新密钥) / start enrolling an authenticator',
        response: withErrors({ 200: TotpEnrolment }),
      },
    },
    (req) => startTotp(ctxOf(req)),
  );
  app.post(
    '/api/account/totp/confirm',
    {
      schema: {
        tags,
        summary: '用验证码确认绑定,答复恢复码(仅此一次) / confirm with a code; the recovery codes, once',
        body: TotpCodeBody,
        response: withErrors({ 200: RecoveryCodes }),
      },
    },
    (req) => confirmTotp(ctxOf(req), req.body),
  );
  app.post(
    '/api/account/totp/recovery-codes',
    {
      schema: {
        tags,
        summary: '重新生成恢复码 / new recovery codes',
        body: TotpCodeBody,
        response: withErrors({ 200: RecoveryCodes }),
      },
    },
    (req) => renewRecoveryCodes(ctxOf(req), req.body),
  );
  app.post(
    '/api/account/totp/disable',
    {
      schema: {
        tags,
        summary: '停用二次验证(非必需的角色) / turn the second factor off (roles that may)',
        body: TotpDisableBody,
        response: withErrors({ 200: OkBody }),
      },
    },
    async (req) => {
      await disableTotp(ctxOf(req), req.body);
      return { ok: true as const };
    },
  );
};
