import { useState } from 'react';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  Grid,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useNotify, useRedirect, useTranslate } from 'react-admin';
import { ApiError, gql } from '../api';
import { todayIso, yuan } from '../format';
import { creditCodeValidator } from '../common/fields';
import { forgetKept, useKept } from '../common/useKept';
import { useDebounced } from '../common/useDebounced';
import { ENUM_LABELS } from '../i18n/domain';
import { ReasonsTable, type Reason } from '../common/ReasonsTable';
import { itemName, listName } from '../../../server/domain/lists';

interface OffenceMatch {
  score: number;
  offence: { id: string; code: string; title: string; department: { name: string } | null };
  items: { number: number; kind: string; list: { title: string; version: string } | null }[];
}
interface EnterpriseOption {
  id: string;
  name: string;
  creditCode: string;
  districtId: string | null;
}
interface Decision {
  outcome: string;
  eligible: boolean;
  mandatory: boolean;
  grounds: string[];
  rulesAsOf: string;
  firstOffence: boolean;
  referenceFine: number | null;
  measures: string[];
  summary: string;
  item: {
    id: string;
    number: number;
    kind: string;
    conditions: string;
    list: { version: string; title: string };
  } | null;
  list: { version: string } | null;
  priorCases: { id: string; caseNumber: string; offenceDate: string; outcome: string | null }[];
  fineRange: { min: number; max: number; unit: string } | null;
  reasons: Reason[];
  ranges: { tier: string; min: number; max: number; unit: string; penaltyKinds: string[] }[];
  penalties: string[];
  advisories: string[];
  unconfirmed: Condition[];
  candidates: Candidate[];
}
/** An item of a list series consulted for the offence, with its 适用条件 one by one. */
interface Candidate {
  id: string;
  number: number;
  kind: string;
  conditionMatch: 'ALL' | 'ANY';
  conditionList: { id: string; number: number; text: string }[];
  list: { version: string; title: string };
}
interface Condition {
  id: string;
  number: number;
  text: string;
  itemId: string;
}

const DECISION_FIELDS = `outcome eligible mandatory grounds rulesAsOf firstOffence referenceFine
  measures summary penalties advisories item { id number kind conditions list { version title } } list { version }
  priorCases { id caseNumber offenceDate outcome } fineRange { min max unit } reasons { rule passed status citation detail }
  ranges { tier min max unit penaltyKinds } unconfirmed { id number text itemId }
  candidates { id number kind conditionMatch conditionList { id number text } list { version title } }`;

/** 免罚轻罚查询: the officer describes an offence and sees the decision the rules give, then records it. */
export function LeniencyDesk() {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const label = (e: keyof typeof ENUM_LABELS, v: string) => translate(`lawcheck.enum.${e}.${v}`);

  const [offences, setOffences] = useKept<OffenceMatch[]>('desk.offences', []);
  const [offence, setOffence] = useKept<OffenceMatch | null>('desk.offence', null);
  const [enterprises, setEnterprises] = useKept<EnterpriseOption[]>('desk.enterprises', []);
  const [enterprise, setEnterprise] = useKept<EnterpriseOption | null>('desk.enterprise', null);
  const [facts, setFacts] = useKept('desk.facts', () => ({
    offenceDate: todayIso(),
    offenceEndDate: '',
    discoveredDate: todayIso(),
    decisionDate: todayIso(),
    harm: 'NONE',
    corrected: true,
    noFaultEvidence: false,
    mitigating: [] as string[],
    aggravating: [] as string[],
    illegalGain: '',
    basisAmount: '',
    seriousCircumstances: false,
    refusedCorrection: false,
    officerChoice: '',
    choiceReason: '',
  }));
  // Ids of the 适用条件 the officer has confirmed (kept while the facts change, cleared with the offence).
  const [confirmed, setConfirmed] = useKept<string[]>('desk.confirmed', []);
  const [decision, setDecision] = useKept<Decision | null>('desk.decision', null);
  const [error, setError] = useState<string | null>(null);
  const [caseNumber, setCaseNumber] = useKept('desk.caseNumber', '');
  const set = (k: keyof typeof facts, v: unknown) => {
    setFacts((f) => ({ ...f, [k]: v }));
    setDecision(null);
  };

  const searchOffences = async (text: string) => {
    if (!text.trim()) return;
    const d = await gql<{ searchOffences: OffenceMatch[] }>(
      `query($t: String!) { searchOffences(text: $t, limit: 15) { score offence { id code title department { name } } items { number kind list { title version } } } }`,
      { t: text },
    );
    setOffences(d.searchOffences);
  };
  const searchEnterprises = async (text: string) => {
    if (!text.trim()) return;
    const d = await gql<{ allEnterprises: EnterpriseOption[] }>(
      'query($q: String) { allEnterprises(perPage: 15, filter: { q: $q }) { id name creditCode districtId } }',
      { q: text },
    );
    setEnterprises(d.allEnterprises);
  };
  // One query per pause in typing, not one per keystroke.
  const searchOffencesSoon = useDebounced(searchOffences);
  const searchEnterprisesSoon = useDebounced(searchEnterprises);

  const input = () => ({
    enterpriseId: enterprise?.id,
    offenceId: offence?.offence.id,
    offenceDate: facts.offenceDate,
    offenceEndDate: facts.offenceEndDate || null,
    discoveredDate: facts.discoveredDate || null,
    decisionDate: facts.decisionDate || null,
    harm: facts.harm,
    corrected: facts.corrected,
    noFaultEvidence: facts.noFaultEvidence,
    mitigating: facts.mitigating,
    aggravating: facts.aggravating,
    illegalGain: facts.illegalGain ? Number(facts.illegalGain) : null,
    basisAmount: facts.basisAmount ? Number(facts.basisAmount) : null,
    seriousCircumstances: facts.seriousCircumstances,
    refusedCorrection: facts.refusedCorrection,
    officerChoice: facts.officerChoice || null,
    confirmedConditions: confirmed,
  });

  const check = async (override?: Partial<ReturnType<typeof input>>) => {
    setError(null);
    try {
      const d = await gql<{ checkLeniency: Decision }>(
        `query($i: LeniencyCheckInput!) { checkLeniency(input: $i) { ${DECISION_FIELDS} } }`,
        { i: { ...input(), ...override } },
      );
      setDecision(d.checkLeniency);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  // Ticking several conditions in a row asks once, after the last tick.
  const checkSoon = useDebounced(check, 400);

  const record = async () => {
    const i = input();
    try {
      const d = await gql<{ createPenaltyCase: { id: string } }>(
        `mutation($n: String, $e: ID!, $o: ID!, $dist: ID!, $od: Date!, $oe: Date, $dd: Date, $dc: Date, $h: Harm!, $c: Boolean!,
          $nf: Boolean, $m: [MitigatingFactor!], $a: [AggravatingFactor!], $g: Float, $fine: Float, $b: Float, $s: Boolean,
          $r: Boolean, $cc: [ID!], $oc: Tier, $cr: String) {
          createPenaltyCase(caseNumber: $n, enterpriseId: $e, offenceId: $o, districtId: $dist, offenceDate: $od, offenceEndDate: $oe,
            discoveredDate: $dd, decisionDate: $dc, harm: $h, corrected: $c, noFaultEvidence: $nf, mitigating: $m, aggravating: $a,
            illegalGain: $g, fine: $fine, basisAmount: $b, seriousCircumstances: $s, refusedCorrection: $r,
            confirmedConditions: $cc, officerChoice: $oc, choiceReason: $cr) { id } }`,
        {
          n: caseNumber.trim() || null,
          e: i.enterpriseId,
          o: i.offenceId,
          dist: enterprise?.districtId,
          od: i.offenceDate,
          oe: i.offenceEndDate,
          dd: i.discoveredDate,
          dc: i.decisionDate,
          h: i.harm,
          c: i.corrected,
          nf: i.noFaultEvidence,
          m: i.mitigating,
          a: i.aggravating,
          g: i.illegalGain,
          fine: decision?.outcome === 'NONE' ? 0 : null,
          b: i.basisAmount,
          s: i.seriousCircumstances,
          r: i.refusedCorrection,
          cc: i.confirmedConditions,
          oc: i.officerChoice,
          cr: facts.choiceReason.trim() || null,
        },
      );
      notify(translate('lawcheck.ui.recorded'), { type: 'success' });
      // Recorded: the next visit to the desk starts a new case.
      forgetKept('desk.');
      redirect('show', 'PenaltyCase', d.createPenaltyCase.id);
    } catch (e) {
      notify(e instanceof ApiError ? e.message : String(e), { type: 'error' });
    }
  };

  const ready = Boolean(offence && enterprise && facts.offenceDate);
  const codeProblem = enterprise ? creditCodeValidator(enterprise.creditCode) : undefined;

  return (
    <Box sx={{ p: 2 }}>
      <Title title={translate('lawcheck.desk.title')} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 5 }}>
          <Card>
            <CardContent>
              <Stack spacing={2}>
                <Autocomplete
                  options={offences}
                  value={offence}
                  isOptionEqualToValue={(a, b) => a.offence.id === b.offence.id}
                  filterOptions={(x) => x}
                  getOptionLabel={(o) => o.offence.title}
                  renderOption={(props, o) => (
                    <li {...props} key={o.offence.id}>
                      <Box>
                        <Typography variant="body2">{o.offence.title}</Typography>
                        <Typography variant="caption" color="text.secondary">
                          {o.offence.code} · {o.offence.department?.name}
                          {o.items
                            .map(
                              (i) =>
                                ` · ${translate('lawcheck.ui.itemOfList', { kind: label('LeniencyKind', i.kind), list: i.list ? listName(i.list) : '', number: i.number })}`,
                            )
                            .join('')}
                        </Typography>
                      </Box>
                    </li>
                  )}
                  // Only what the officer types is searched (not the title a choice puts in the box).
                  onInputChange={(_e, v, reason) => reason === 'input' && searchOffencesSoon(v)}
                  noOptionsText={translate('ra.navigation.no_results')}
                  onChange={(_e, v) => {
                    setOffence(v);
                    setConfirmed([]);
                    setDecision(null);
                  }}
                  renderInput={(params) => (
                    <TextField {...params} label={translate('lawcheck.ui.offenceSearch')} name="offence" />
                  )}
                />
                <Autocomplete
                  options={enterprises}
                  value={enterprise}
                  isOptionEqualToValue={(a, b) => a.id === b.id}
                  filterOptions={(x) => x}
                  getOptionLabel={(e) => `${e.name}（${e.creditCode}）`}
                  onInputChange={(_e, v, reason) => reason === 'input' && searchEnterprisesSoon(v)}
                  noOptionsText={translate('ra.navigation.no_results')}
                  onChange={(_e, v) => {
                    setEnterprise(v);
                    setDecision(null);
                  }}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label={translate('lawcheck.ui.enterpriseSearch')}
                      name="enterprise"
                      error={Boolean(codeProblem)}
                      helperText={codeProblem}
                    />
                  )}
                />
                {/* Two dates a row (one on a phone), each wide enough for all of 2026-11-30. */}
                <Box
                  sx={{ display: 'grid', gap: 1, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}
                  data-testid="dates"
                >
                  {(['offenceDate', 'offenceEndDate', 'discoveredDate', 'decisionDate'] as const).map((k) => (
                    <TextField
                      key={k}
                      type="date"
                      name={k}
                      label={translate(`resources.PenaltyCase.fields.${k}`)}
                      value={facts[k]}
                      onChange={(e) => set(k, e.target.value)}
                      slotProps={{ inputLabel: { shrink: true } }}
                      size="small"
                      fullWidth
                    />
                  ))}
                </Box>
                <TextField
                  select
                  name="harm"
                  label={translate('lawcheck.ui.harm')}
                  value={facts.harm}
                  onChange={(e) => set('harm', e.target.value)}
                  size="small"
                >
                  {Object.keys(ENUM_LABELS.Harm).map((h) => (
                    <MenuItem key={h} value={h}>
                      {label('Harm', h)}
                    </MenuItem>
                  ))}
                </TextField>
                <Stack direction="row" sx={{ flexWrap: 'wrap' }}>
                  <FormControlLabel
                    control={
                      <Checkbox
                        name="corrected"
                        checked={facts.corrected}
                        onChange={(e) => set('corrected', e.target.checked)}
                      />
                    }
                    label={translate('lawcheck.ui.corrected')}
                  />
                  <FormControlLabel
                    control={
                      <Checkbox
                        name="refusedCorrection"
                        checked={facts.refusedCorrection}
                        onChange={(e) => set('refusedCorrection', e.target.checked)}
                      />
                    }
                    label={translate('lawcheck.ui.refusedCorrection')}
                  />
                  <FormControlLabel
                    control={
                      <Checkbox
                        name="seriousCircumstances"
                        checked={facts.seriousCircumstances}
                        onChange={(e) => set('seriousCircumstances', e.target.checked)}
                      />
                    }
                    label={translate('lawcheck.ui.seriousCircumstances')}
                  />
                  <FormControlLabel
                    control={
                      <Checkbox
                        name="noFaultEvidence"
                        checked={facts.noFaultEvidence}
                        onChange={(e) => set('noFaultEvidence', e.target.checked)}
                      />
                    }
                    label={translate('lawcheck.ui.noFault')}
                  />
                </Stack>
                <EnumMultiSelect
                  name="mitigating"
                  label={translate('lawcheck.ui.mitigating')}
                  enumName="MitigatingFactor"
                  value={facts.mitigating}
                  onChange={(v) => set('mitigating', v)}
                />
                <EnumMultiSelect
                  name="aggravating"
                  label={translate('lawcheck.ui.aggravating')}
                  enumName="AggravatingFactor"
                  value={facts.aggravating}
                  onChange={(v) => set('aggravating', v)}
                />
                <TextField
                  name="illegalGain"
                  label={translate('lawcheck.ui.illegalGain')}
                  type="number"
                  value={facts.illegalGain}
                  onChange={(e) => set('illegalGain', e.target.value)}
                  size="small"
                />
                <TextField
                  name="basisAmount"
                  label={translate('lawcheck.ui.basisAmount')}
                  type="number"
                  value={facts.basisAmount}
                  onChange={(e) => set('basisAmount', e.target.value)}
                  size="small"
                />
                <Button variant="contained" disabled={!ready} onClick={() => void check()} name="check">
                  {translate('lawcheck.ui.check')}
                </Button>
                {error && <Alert severity="error">{error}</Alert>}
              </Stack>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>
          {decision && (
            <DecisionCard
              d={decision}
              label={label}
              confirmed={confirmed}
              choice={facts.officerChoice}
              onConfirm={(id, on) => {
                const next = on ? [...confirmed, id] : confirmed.filter((x) => x !== id);
                setConfirmed(next);
                checkSoon({ confirmedConditions: next });
              }}
              onChoose={(tier) => {
                setFacts((f) => ({ ...f, officerChoice: tier }));
                void check({ officerChoice: tier || null });
              }}
            />
          )}
        </Grid>
        {decision && (
          <Grid size={{ xs: 12, md: 7 }} offset={{ md: 5 }}>
            <Stack direction="row" spacing={1}>
              {facts.officerChoice && (
                <TextField
                  name="choiceReason"
                  label={translate('lawcheck.ui.choiceReason')}
                  size="small"
                  value={facts.choiceReason}
                  onChange={(e) => setFacts((f) => ({ ...f, choiceReason: e.target.value }))}
                />
              )}
              <TextField
                name="caseNumber"
                label={translate('lawcheck.ui.caseNumber')}
                size="small"
                value={caseNumber}
                onChange={(e) => setCaseNumber(e.target.value)}
              />
              <Button variant="contained" color="secondary" onClick={() => void record()} name="record">
                {translate('lawcheck.ui.record')}
              </Button>
            </Stack>
          </Grid>
        )}
      </Grid>
    </Box>
  );
}

function EnumMultiSelect(props: {
  name: string;
  label: string;
  enumName: 'MitigatingFactor' | 'AggravatingFactor';
  value: string[];
  onChange: (value: string[]) => void;
}) {
  const translate = useTranslate();
  return (
    <TextField
      select
      size="small"
      name={props.name}
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value as unknown as string[])}
      slotProps={{ select: { multiple: true } }}
    >
      {Object.keys(ENUM_LABELS[props.enumName]).map((m) => (
        <MenuItem key={m} value={m}>
          {translate(`lawcheck.enum.${props.enumName}.${m}`)}
        </MenuItem>
      ))}
    </TextField>
  );
}

function DecisionCard({
  d,
  label,
  confirmed,
  choice,
  onConfirm,
  onChoose,
}: {
  d: Decision;
  label: (e: keyof typeof ENUM_LABELS, v: string) => string;
  confirmed: readonly string[];
  choice: string;
  onConfirm: (conditionId: string, on: boolean) => void;
  onChoose: (tier: string) => void;
}) {
  const notify = useNotify();
  const translate = useTranslate();
  const rangeText = (r: { min: number; max: number; unit: string }) =>
    r.unit === 'YUAN'
      ? translate('lawcheck.ui.rangeYuan', { min: yuan(r.min), max: yuan(r.max) })
      : translate('lawcheck.ui.rangeMultipleOf', {
          min: r.min,
          max: r.max,
          basis: label('FineUnit', r.unit),
        });
  // The choices the law leaves the officer: Art. 32's two ranges, or declining a 可以 no-penalty.
  const choices = d.outcome === 'NONE' && !d.mandatory ? d.ranges : d.ranges.length > 1 ? d.ranges : [];
  return (
    <Card data-testid="decision">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
          <Typography variant="h5" data-testid="outcome">
            {label('Tier', d.outcome)}
          </Typography>
          <Chip
            label={translate(d.mandatory ? 'lawcheck.ui.mandatory' : 'lawcheck.ui.discretionary')}
            color={d.mandatory ? 'primary' : 'warning'}
            size="small"
          />
          {d.eligible && <Chip label={translate('lawcheck.ui.lenient')} color="success" size="small" />}
        </Stack>
        <Typography variant="body2">
          {d.item
            ? translate('lawcheck.ui.appliedItem', {
                list: listName(d.item.list),
                number: d.item.number,
                kind: label('LeniencyKind', d.item.kind),
              })
            : translate('lawcheck.ui.noItem')}
          {translate('lawcheck.ui.rulesAsOf', { date: d.rulesAsOf })}
        </Typography>
        <Typography variant="body2">
          {translate('lawcheck.ui.fineRange', {
            // A multiple is of the clause's own basis (违法所得, 货值金额, 少缴的税款…).
            range: d.fineRange ? rangeText(d.fineRange) : translate('lawcheck.ui.noFine'),
          })}
          {d.referenceFine !== null &&
            translate('lawcheck.ui.referenceFine', { amount: yuan(d.referenceFine) })}
        </Typography>
        {/* "First offence" is said only where an item defines its window, or earlier cases exist. */}
        {(d.priorCases.length > 0 || d.candidates.some((c) => c.kind === 'FIRST_OFFENCE_NO_PENALTY')) && (
          <Typography variant="body2">
            {d.firstOffence
              ? translate('lawcheck.ui.firstOffence')
              : translate('lawcheck.ui.priors', { cases: d.priorCases.map((p) => p.caseNumber).join('、') })}
          </Typography>
        )}
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="penalties">
          {translate('lawcheck.ui.penalties', {
            penalties: d.penalties.length ? d.penalties.join('、') : translate('lawcheck.ui.noPenalty'),
          })}
        </Typography>
        <Typography variant="body2" sx={{ mt: 1 }}>
          {translate(d.outcome === 'NONE' ? 'lawcheck.ui.measuresUnpunished' : 'lawcheck.ui.measures', {
            measures: d.measures.join('、') || '—',
          })}
        </Typography>
        {choices.length > 0 && (
          <Box sx={{ mt: 1 }} data-testid="choices">
            <Typography variant="subtitle2">{translate('lawcheck.ui.choices')}</Typography>
            <RadioGroup row value={choice} onChange={(e) => onChoose(e.target.value)}>
              {d.outcome === 'NONE' && !d.mandatory && (
                <FormControlLabel value="" control={<Radio />} label={label('Tier', 'NONE')} />
              )}
              {choices.map((r) => (
                <FormControlLabel
                  key={r.tier}
                  value={r.tier}
                  control={<Radio />}
                  label={`${label('Tier', r.tier)}：${rangeText(r)}${
                    r.penaltyKinds.length
                      ? `（${r.penaltyKinds.map((k) => label('PenaltyKind', k)).join('、')}）`
                      : ''
                  }`}
                />
              ))}
            </RadioGroup>
          </Box>
        )}
        <ConditionChecklist d={d} label={label} confirmed={confirmed} onConfirm={onConfirm} />
        {d.advisories.map((a, i) => (
          <Alert key={i} severity="info" sx={{ mt: 1 }} data-testid="advisory">
            {a}
          </Alert>
        ))}
        <ReasonsTable reasons={d.reasons} />
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          {translate('lawcheck.ui.summary')}
        </Typography>
        <Typography
          variant="body2"
          data-testid="summary"
          sx={{ whiteSpace: 'pre-wrap', bgcolor: 'grey.100', p: 1 }}
        >
          {d.summary}
        </Typography>
        <Button
          size="small"
          sx={{ mt: 1 }}
          onClick={() => {
            void navigator.clipboard
              ?.writeText(d.summary)
              .then(() => notify(translate('lawcheck.ui.copied')));
          }}
        >
          {translate('lawcheck.ui.copy')}
        </Button>
      </CardContent>
    </Card>
  );
}

/**
 * 适用条件 to confirm (issue #10 point 3, DOMAIN.md "Lists"): every condition of every item of
 * every list series consulted, grouped by item, with all-of / any-of, each confirmed, left to
 * confirm (it alone stands between the party and a more favourable item), or not confirmed; and
 * for each item, why it does or does not apply, in the server's words.
 */
function ConditionChecklist({
  d,
  label,
  confirmed,
  onConfirm,
}: {
  d: Decision;
  label: (e: keyof typeof ENUM_LABELS, v: string) => string;
  confirmed: readonly string[];
  onConfirm: (conditionId: string, on: boolean) => void;
}) {
  const translate = useTranslate();
  const items = d.candidates.filter((c) => c.conditionList.length > 0);
  if (!items.length) return null;
  const left = new Set(d.unconfirmed.map((c) => c.id));
  // The rule of the trace that judged this item (its citation names the list and the item).
  const judged = (c: Candidate) =>
    d.reasons.find((r) => r.citation.includes(`${itemName(c.list, c.number)}（`));
  const whyNot = (c: Candidate) => {
    if (d.item?.id === c.id) return translate('lawcheck.ui.itemApplies');
    const waiting = d.unconfirmed.filter((u) => u.itemId === c.id);
    if (waiting.length)
      return translate('lawcheck.ui.itemWaiting', {
        conditions: waiting.map((u) => `（${u.number}）${u.text}`).join('；'),
      });
    const r = judged(c);
    return r ? r.detail : translate('lawcheck.ui.itemNotApplied');
  };
  return (
    <Box sx={{ mt: 2 }} data-testid="conditions">
      <Typography variant="subtitle2">{translate('lawcheck.ui.conditionsToConfirm')}</Typography>
      {items.map((c) => (
        <Box
          key={c.id}
          sx={{ mt: 1, p: 1, border: 1, borderColor: 'divider', borderRadius: 1 }}
          data-testid="condition-item"
        >
          <Typography variant="body2" sx={{ fontWeight: 500 }}>
            {translate('lawcheck.ui.candidateItem', {
              list: listName(c.list),
              number: c.number,
              kind: label('LeniencyKind', c.kind),
            })}
          </Typography>
          <Typography variant="caption" color="text.secondary" component="p">
            {translate('lawcheck.ui.conditionMatch', { match: label('ConditionMatch', c.conditionMatch) })}
          </Typography>
          {c.conditionList.map((k) => {
            const on = confirmed.includes(k.id);
            const state = on ? 'confirmed' : left.has(k.id) ? 'toConfirm' : 'notConfirmed';
            return (
              <Stack key={k.id} direction="row" sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <FormControlLabel
                  sx={{ mr: 1 }}
                  control={
                    <Checkbox
                      name={`condition-${k.id}`}
                      checked={on}
                      onChange={(e) => onConfirm(k.id, e.target.checked)}
                    />
                  }
                  label={`（${k.number}）${k.text}`}
                />
                <Chip
                  size="small"
                  data-state={state}
                  color={state === 'confirmed' ? 'success' : state === 'toConfirm' ? 'warning' : 'default'}
                  variant="outlined"
                  label={translate(`lawcheck.ui.condition.${state}`)}
                />
              </Stack>
            );
          })}
          <Typography variant="body2" color="text.secondary" data-testid="why-not">
            {whyNot(c)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
