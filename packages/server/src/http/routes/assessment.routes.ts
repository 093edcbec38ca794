import { IdParams } from '@dixian/core/api';
import { AssessmentQuery, HouseholdAssessmentView } from '@dixian/core/api/assessment';
import { assessHousehold } from '../../services/assessment.service.js';
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
};
