import { IdParams } from '@dixian/core/api';
import {
  AssessmentQuery,
  FactChangesQuery,
  FactChangesView,
  HouseholdAssessmentView,
} from '@dixian/core/api/assessment';
import { assessHousehold } from '../../services/assessment.service.js';
import { householdFactChanges } from '../../services/fact-history.service.js';
import { ctxOf } from '../context.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

/** The explained assessment of one household, for the household page. */
export const assessmentRoutes: RoutePlugin = async (app) => {
  app.get(
    '/api/households/:id/assessment',
    {
      schema: {
        tags: ['households'],
        summary:
          '农户研判及依据(纳入条件、风险消除条件) / the explained assessment of a household (inclusion and elimination guards)',
        params: IdParams,
        querystring: AssessmentQuery,
        response: withErrors({ 200: HouseholdAssessmentView }),
      },
    },
    (req) => assessHousehold(ctxOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/households/:id/fact-changes',
    {
      schema: {
        tags: ['households'],
        summary: '某日以来的家庭信息变更(规则读取的事实) / the changes of a household’s facts after a day',
        params: IdParams,
        querystring: FactChangesQuery,
        response: withErrors({ 200: FactChangesView }),
      },
    },
    (req) => householdFactChanges(ctxOf(req), req.params.id, req.query),
  );
};
