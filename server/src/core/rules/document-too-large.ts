import type { RuleMeta } from './types';

/** Not a check over the model: the analyser reports it instead of parsing an oversized file. */
export const documentTooLarge: RuleMeta = {
  id: 'document-too-large',
  title: 'Template too large to analyse',
  severity: 'information',
  fix: 'none',
  e8: ['—'],
  anchors: [],
  language: 'cloudformation',
  docs: {
    what: 'A template larger than the 5 MB the analyser reads; it is not checked.',
    why:
      'CloudFormation accepts template bodies of at most 1 MB (from S3), so a larger file is generated output or not a template; ' +
      'parsing it on every keystroke would only slow the editor down.',
    fix: 'Lint the template that is actually deployed, or split it into nested stacks. `aws-hardening lint` applies the same limit.',
  },
};
