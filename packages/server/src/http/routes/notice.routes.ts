import { NoticeQuery, NoticeView } from '@dixian/core/api';
import { villageNotice } from '../../services/notice.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The village public notice (公示) the web prints on A4. */
export const noticeRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api/notices',
    {
      schema: {
        tags: ['notices'],
        summary: '村级公示(姓名脱敏,不含身份证号、电话和健康信息) / village public notice with masked names only',
        querystring: NoticeQuery,
        response: withErrors({ 200: NoticeView }),
      },
    },
    (req) => villageNotice(ctxOf(req), req.query),
  );
};
