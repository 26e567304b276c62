import { describe, expect, it } from 'vitest';
import { matchesScope } from '../../server/graphql/crud';

// Read scopes decided in memory (checkLeniency's prior cases): plain equalities only; anything
// else is left to the database (undefined).
describe('a read scope decided in memory', () => {
  const officersCase = { id: 7, department: { id: 3 }, officer: { id: 12 }, status: 'DECIDED' };

  it.each([
    [{}, true],
    [{ department: 3 }, true],
    [{ department: 4 }, false],
    [{ department: 3, status: 'DECIDED' }, true],
    [{ department: 3, status: 'OPEN' }, false],
    [{ $and: [{ department: 3 }, { officer: 12 }] }, true],
    [{ $and: [{ department: 3 }, { officer: 13 }] }, false],
    [{ id: 7 }, true],
  ])('%j is %s', (filter, expected) => {
    expect(matchesScope(filter, officersCase)).toBe(expected);
  });

  it.each([
    [{ department: { $in: [3] } }],
    [{ report: { lawyer: 5 } }],
    [{ $or: [{ department: 3 }] }],
    [{ lawyer: 5 }],
    [{ $and: [{ department: 3 }, { department: { $ne: 4 } }] }],
  ])('%j is left to the database', (filter) => {
    expect(matchesScope(filter, officersCase)).toBeUndefined();
  });
});
