import {
  DeadlinePage,
  DeadlineQuery,
  Inbox,
  StatsOverview,
  StatsQuery,
  WarningListQuery,
  WarningPage,
} from '@dixian/core/api';
import { listDeadlines } from '../../services/deadline.service.js';
import { inbox } from '../../services/inbox.service.js';
import { statsOverview } from '../../services/stats.service.js';
import { listWarnings } from '../../services/warning-list.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The dashboard and the lists its figures open: deadlines and department warnings. */
export const statsRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api/stats/overview',
    {
      schema: {
        tags: ['statistics'],
        summary: '工作台统计(每个数字可点开对应清单) / dashboard figures, each linked to its list',
        querystring: StatsQuery,
        response: withErrors({ 200: StatsOverview }),
      },
    },
    (req) => statsOverview(ctxOf(req), req.query),
  );
  app.get(
    '/api/inbox',
    {
      schema: {
        tags: ['statistics'],
        summary: '待我处理(逾期时限、待核实线索和预警、待审批申请、逾期台账) / what waits for me',
        response: withErrors({ 200: Inbox }),
      },
    },
    (req) => inbox(ctxOf(req)),
  );
  app.get(
    '/api/deadlines',
    {
      schema: {
        tags: ['deadlines'],
        summary: '即将到期和已逾期的时限(核实、认定、帮扶计划、公示、走访、预警) / deadlines due soon and overdue',
        querystring: DeadlineQuery,
        response: withErrors({ 200: DeadlinePage }),
      },
    },
    (req) => listDeadlines(ctxOf(req), req.query),
  );
  app.get(
    '/api/warnings',
    {
      schema: {
        tags: ['warnings'],
        summary: '部门预警清单 / department warnings',
        querystring: WarningListQuery,
        response: withErrors({ 200: WarningPage }),
      },
    },
    (req) => listWarnings(ctxOf(req), req.query),
  );
};
