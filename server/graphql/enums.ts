import { registerEnumType } from 'type-graphql';
import * as enums from '../domain/enums';

// Every domain enum under its own name in the schema (API.md).
const descriptions: Record<string, string> = {
  Tier: 'Outcome tier, most lenient first: NONE < MITIGATED < LIGHTER < STANDARD < HEAVIER',
  LeniencyKind: 'Kind of list item (DOMAIN.md)',
  Harm: '危害后果',
};

for (const [name, value] of Object.entries(enums)) {
  registerEnumType(value, { name, description: descriptions[name] });
}
