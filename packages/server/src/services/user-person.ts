import { ID_NUMBER_PROBLEM_TEXT, parseIdNumber } from '@dixian/core';
import { FavouritismRepository } from '../repositories/favouritism.repository.js';
import { idIndex } from '../security/field-keys.js';
import type { ServiceContext } from './context.js';
import { validationFailed } from './errors.js';

/**
 * The member a user's own ID number names (issue 17 §3: users are linked to their own person record for the 优亲厚友
 * check): a living member of the register in the user's county, found by the number's blind index. null unlinks.
 */
export async function personOf(
  ctx: ServiceContext,
  idNumber: string | null,
  scopeCode: string,
): Promise<string | null> {
  if (idNumber === null || idNumber === '') return null;
  const parsed = parseIdNumber(idNumber);
  if (!parsed.ok) {
    const t = ID_NUMBER_PROBLEM_TEXT[parsed.problem];
    throw validationFailed([{ path: 'personIdNumber', message: `${t.zh} / ${t.en}` }]);
  }
  const id = await new FavouritismRepository(ctx.store.db).memberByIdIndex(
    idIndex(parsed.value.idNumber),
    scopeCode.slice(0, 6),
  );
  if (!id) {
    throw validationFailed([
      {
        path: 'personIdNumber',
        message: '本县户籍信息中没有该身份证号的在世成员 / no living member with this ID number in the county register',
      },
    ]);
  }
  return id;
}
