import type { RuleMeta } from './types';

/** Not a check over the model: the analyser reports parse errors under this id. */
export const cfnSyntax: RuleMeta = {
  id: 'cfn-syntax',
  title: 'Template does not parse',
  severity: 'error',
  fix: 'none',
  e8: ['—'],
  anchors: ['cfn-lint E0000'],
  language: 'cloudformation',
  docs: {
    what: 'A CloudFormation template that is not valid YAML or JSON.',
    why: 'CloudFormation rejects the template, and no other rule can check it until it parses.',
    fix: 'Correct the text at the marked position. Findings from the last version that parsed stay visible in the editor meanwhile.',
  },
};
