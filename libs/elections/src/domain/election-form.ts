import { allChecked, requireText } from '@council/core';
import { parseTermLabel } from '@council/terms';
import {
  ContestDefinition,
  ContestInput,
  ELECTION_TITLE_MAX_LENGTH,
  validateContests,
} from './contests';
import { Ruleset, RulesetInput, buildRuleset } from './ruleset';

export interface ElectionForm {
  termLabel: string;
  title: string;
  contests?: ContestInput[] | null;
  ruleset?: RulesetInput | null;
}

// The rules of an election's form that need neither the database nor the clock, every mistake in
// one answer: createElection runs them, and so do the input checks when they find mistakes of
// their own, so that a form hears of all of them at once.
export function checkElectionForm(
  form: ElectionForm,
): [title: string, contests: ContestDefinition[], ruleset: Ruleset] {
  const [title, , contests, ruleset] = allChecked(
    () => requireText(form.title, 'title', ELECTION_TITLE_MAX_LENGTH),
    () => parseTermLabel(form.termLabel, 'termLabel'),
    () => validateContests(form.contests),
    () => buildRuleset(form.ruleset),
  );
  return [title, contests, ruleset];
}
