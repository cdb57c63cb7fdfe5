import { createRulesetFunction, type RulesetDefinition, type RulesetFunction } from '@stoplight/spectral-core';
import { oas } from '@stoplight/spectral-rulesets';
import { docQuirksAreComplete, observedEntriesAreWellFormed, undocumentedHandlersAreWellFormed } from './functions/extensions.js';
import { acceptedMethodsAreWellFormed, operationHasSafety, operationIdIsSnakeCase, responsesHaveExamples } from './functions/operations.js';
import type { Check } from './functions/shapes.js';
import { variantExamplesExist, variantNamesAreUnique, variantsAreWellFormed, variantsHaveSafety } from './functions/variants.js';

/** Spectral reports absolute paths; checks return paths relative to the node they were given. */
function asRulesetFunction(check: Check): RulesetFunction {
  return createRulesetFunction({ input: null, options: null }, (target, _options, context) =>
    check(target).map((finding) => ({ message: finding.message, path: [...context.path, ...(finding.path ?? [])] })),
  );
}

const OPERATIONS = '$.paths[*][get,put,post,delete,options,head,patch,trace]';

/** Spectral's `oas` ruleset plus the project conventions of specs/CONVENTIONS.md. */
export const contractKitRuleset: RulesetDefinition = {
  extends: [oas as RulesetDefinition],
  rules: {
    'ck-operation-id': {
      description: 'Every operation has a snake_case operationId.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(operationIdIsSnakeCase) },
    },
    'ck-operation-safety': {
      description: 'Every operation has x-safety: read, write or destructive.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(operationHasSafety) },
    },
    'ck-accepted-methods': {
      description: 'x-accepted-methods lists lower-case HTTP methods, each once.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(acceptedMethodsAreWellFormed) },
    },
    'ck-response-example': {
      description: 'Every response with a body has at least one named example.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(responsesHaveExamples) },
    },
    'ck-variant-shape': {
      description: 'x-variants entries have a name, a match list and responses; a catch-all comes last.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(variantsAreWellFormed) },
    },
    'ck-variant-name-unique': {
      description: 'Variant names are unique within an operation.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(variantNamesAreUnique) },
    },
    'ck-variant-safety': {
      description: 'Every variant has its own or its operation\'s x-safety.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(variantsHaveSafety) },
    },
    'ck-variant-example': {
      description: 'Every variant response lists example keys that exist in the operation\'s examples.',
      message: '{{error}}',
      severity: 'error',
      given: OPERATIONS,
      then: { function: asRulesetFunction(variantExamplesExist) },
    },
    'ck-doc-quirk': {
      description: 'x-doc-quirks entries have id, says, chosen and why; ids are unique in the spec.',
      message: '{{error}}',
      severity: 'error',
      given: '$',
      // Unresolved: a quirk list reached through two $refs is one list, not a duplicate.
      resolved: false,
      then: { function: asRulesetFunction(docQuirksAreComplete) },
    },
    'ck-observed': {
      description: 'x-observed entries carry a fact id (`fe-`, `ms-`, `ax-`, `kl-` + name) and a well-formed response.',
      message: '{{error}}',
      severity: 'error',
      given: '$',
      resolved: false,
      then: { function: asRulesetFunction(observedEntriesAreWellFormed) },
    },
    'ck-undocumented-handlers': {
      description: 'x-undocumented-handlers has path templates with {name} and handlers with a name and a summary.',
      message: '{{error}}',
      severity: 'error',
      given: '$',
      then: { function: asRulesetFunction(undocumentedHandlersAreWellFormed) },
    },
  },
};
