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
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { Title, useNotify, useRedirect, useTranslate } from 'react-admin';
import { ApiError, gql } from '../api';
import { todayIso, yuan } from '../format';
import { creditCodeValidator } from '../common/fields';
import { ENUM_LABELS } from '../i18n/domain';

interface OffenceMatch {
  score: number;
  offence: { id: string; code: string; title: string; department: { name: string } | null };
  items: { number: number; kind: string }[];
  list: { version: string } | null;
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
  item: { number: number; kind: string; conditions: string; list: { version: string; title: string } } | null;
  list: { version: string } | null;
  priorCases: { id: string; caseNumber: string; offenceDate: string; outcome: string | null }[];
  fineRange: { min: number; max: number; unit: string } | null;
  reasons: { rule: string; passed: boolean; citation: string; detail: string }[];
}

/** The rules' names in a decision's reasons (server/domain/leniency.ts). */
const RULE_ZH: Record<string, string> = {
  TIME_LIMIT: '追责时效',
  NO_FAULT: '无主观过错',
  LIST_IN_FORCE: '施行中的清单',
  MINOR_NO_HARM: '轻微违法不予处罚',
  FIRST_OFFENCE: '首违不罚',
  ART32: '应当从轻减轻',
  LIST_ITEM: '清单从轻减轻事项',
  AGGRAVATING: '从重情形',
  ART37: '从旧兼从轻',
  ART33_DISCRETION: '清单外裁量提示',
  NO_COERCIVE_MEASURE: '不予实施行政强制措施',
  BASELINE: '裁量基准',
};

/** 免罚轻罚查询: the officer describes an offence and sees the decision the rules give, then records it. */
export function LeniencyDesk() {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const label = (e: keyof typeof ENUM_LABELS, v: string) => translate(`lawcheck.enum.${e}.${v}`);

  const [offences, setOffences] = useState<OffenceMatch[]>([]);
  const [offence, setOffence] = useState<OffenceMatch | null>(null);
  const [enterprises, setEnterprises] = useState<EnterpriseOption[]>([]);
  const [enterprise, setEnterprise] = useState<EnterpriseOption | null>(null);
  const [facts, setFacts] = useState({
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
  });
  const [decision, setDecision] = useState<Decision | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [caseNumber, setCaseNumber] = useState('');
  const set = (k: keyof typeof facts, v: unknown) => {
    setFacts((f) => ({ ...f, [k]: v }));
    setDecision(null);
  };

  const searchOffences = async (text: string) => {
    if (!text.trim()) return;
    const d = await gql<{ searchOffences: OffenceMatch[] }>(
      `query($t: String!) { searchOffences(text: $t, limit: 15) { score offence { id code title department { name } } items { number kind } list { version } } }`,
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
  });

  const check = async () => {
    setError(null);
    try {
      const d = await gql<{ checkLeniency: Decision }>(
        `query($i: LeniencyCheckInput!) { checkLeniency(input: $i) { outcome eligible mandatory grounds rulesAsOf firstOffence referenceFine
          measures summary item { number kind conditions list { version title } } list { version }
          priorCases { id caseNumber offenceDate outcome } fineRange { min max unit } reasons { rule passed citation detail } } }`,
        { i: input() },
      );
      setDecision(d.checkLeniency);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const record = async () => {
    const i = input();
    try {
      const d = await gql<{ createPenaltyCase: { id: string } }>(
        `mutation($n: String!, $e: ID!, $o: ID!, $dist: ID!, $od: Date!, $oe: Date, $dd: Date, $dc: Date, $h: Harm!, $c: Boolean!,
          $nf: Boolean, $m: [MitigatingFactor!], $a: [AggravatingFactor!], $g: Float, $fine: Float) {
          createPenaltyCase(caseNumber: $n, enterpriseId: $e, offenceId: $o, districtId: $dist, offenceDate: $od, offenceEndDate: $oe,
            discoveredDate: $dd, decisionDate: $dc, harm: $h, corrected: $c, noFaultEvidence: $nf, mitigating: $m, aggravating: $a,
            illegalGain: $g, fine: $fine) { id } }`,
        {
          n: caseNumber,
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
        },
      );
      notify('案件已记录 / case recorded', { type: 'success' });
      redirect('show', 'PenaltyCase', d.createPenaltyCase.id);
    } catch (e) {
      notify(e instanceof ApiError ? e.message : String(e), { type: 'error' });
    }
  };

  const ready = Boolean(offence && enterprise && facts.offenceDate);
  const codeProblem = enterprise ? creditCodeValidator(enterprise.creditCode) : undefined;

  return (
    <Box sx={{ p: 2 }}>
      <Title title="免罚轻罚查询" />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 5 }}>
          <Card>
            <CardContent>
              <Stack spacing={2}>
                <Autocomplete
                  options={offences}
                  filterOptions={(x) => x}
                  getOptionLabel={(o) => `${o.offence.code} ${o.offence.title}`}
                  renderOption={(props, o) => (
                    <li {...props} key={o.offence.id}>
                      <Box>
                        <Typography variant="body2">{o.offence.title}</Typography>
                        <Typography variant="caption" color="text.secondary">
                          {o.offence.code} · {o.offence.department?.name}
                          {o.items
                            .map(
                              (i) =>
                                ` · ${label('LeniencyKind', i.kind)}（${o.list?.version}版第${i.number}项）`,
                            )
                            .join('')}
                        </Typography>
                      </Box>
                    </li>
                  )}
                  onInputChange={(_e, v) => void searchOffences(v)}
                  onChange={(_e, v) => {
                    setOffence(v);
                    setDecision(null);
                  }}
                  renderInput={(params) => (
                    <TextField {...params} label="违法行为（输入关键词查找）" name="offence" />
                  )}
                />
                <Autocomplete
                  options={enterprises}
                  filterOptions={(x) => x}
                  getOptionLabel={(e) => `${e.name}（${e.creditCode}）`}
                  onInputChange={(_e, v) => void searchEnterprises(v)}
                  onChange={(_e, v) => {
                    setEnterprise(v);
                    setDecision(null);
                  }}
                  renderInput={(params) => (
                    <TextField
                      {...params}
                      label="企业（名称或统一社会信用代码）"
                      name="enterprise"
                      error={Boolean(codeProblem)}
                      helperText={codeProblem}
                    />
                  )}
                />
                <Stack direction="row" spacing={1}>
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
                    />
                  ))}
                </Stack>
                <TextField
                  select
                  name="harm"
                  label="危害后果"
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
                <Stack direction="row">
                  <FormControlLabel
                    control={
                      <Checkbox
                        name="corrected"
                        checked={facts.corrected}
                        onChange={(e) => set('corrected', e.target.checked)}
                      />
                    }
                    label="已及时改正"
                  />
                  <FormControlLabel
                    control={
                      <Checkbox
                        name="noFaultEvidence"
                        checked={facts.noFaultEvidence}
                        onChange={(e) => set('noFaultEvidence', e.target.checked)}
                      />
                    }
                    label="有证据证明无主观过错"
                  />
                </Stack>
                <EnumMultiSelect
                  name="mitigating"
                  label="从轻减轻情形（行政处罚法第三十二条）"
                  enumName="MitigatingFactor"
                  value={facts.mitigating}
                  onChange={(v) => set('mitigating', v)}
                />
                <EnumMultiSelect
                  name="aggravating"
                  label="从重情形"
                  enumName="AggravatingFactor"
                  value={facts.aggravating}
                  onChange={(v) => set('aggravating', v)}
                />
                <TextField
                  name="illegalGain"
                  label="违法所得（元，按倍数计罚时填写）"
                  type="number"
                  value={facts.illegalGain}
                  onChange={(e) => set('illegalGain', e.target.value)}
                  size="small"
                />
                <Button variant="contained" disabled={!ready} onClick={() => void check()} name="check">
                  查询处理结果
                </Button>
                {error && <Alert severity="error">{error}</Alert>}
              </Stack>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 7 }}>{decision && <DecisionCard d={decision} label={label} />}</Grid>
        {decision && (
          <Grid size={{ xs: 12, md: 7 }} offset={{ md: 5 }}>
            <Stack direction="row" spacing={1}>
              <TextField
                name="caseNumber"
                label="案件编号"
                size="small"
                value={caseNumber}
                onChange={(e) => setCaseNumber(e.target.value)}
              />
              <Button
                variant="contained"
                color="secondary"
                disabled={!caseNumber.trim()}
                onClick={() => void record()}
                name="record"
              >
                记录为案件
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
}: {
  d: Decision;
  label: (e: keyof typeof ENUM_LABELS, v: string) => string;
}) {
  const notify = useNotify();
  return (
    <Card data-testid="decision">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
          <Typography variant="h5" data-testid="outcome">
            {label('Tier', d.outcome)}
          </Typography>
          <Chip
            label={d.mandatory ? '应当' : '可以（由执法人员裁量）'}
            color={d.mandatory ? 'primary' : 'warning'}
            size="small"
          />
          {d.eligible && <Chip label="免罚轻罚" color="success" size="small" />}
        </Stack>
        <Typography variant="body2">
          {d.item
            ? `适用《${d.item.list.title}》（${d.item.list.version}版）第${d.item.number}项“${label('LeniencyKind', d.item.kind)}”`
            : '未适用清单事项'}
          ；依据 {d.rulesAsOf} 施行的规定
        </Typography>
        <Typography variant="body2">
          罚款幅度：
          {d.fineRange
            ? d.fineRange.unit === 'YUAN'
              ? `${yuan(d.fineRange.min)} 至 ${yuan(d.fineRange.max)}`
              : `违法所得的${d.fineRange.min}倍至${d.fineRange.max}倍`
            : '不处罚款'}
          {d.referenceFine !== null && `；参考罚款 ${yuan(d.referenceFine)}`}
        </Typography>
        <Typography variant="body2">
          {d.firstOffence
            ? '回溯期内无同一违法行为，属首次违法'
            : `回溯期内已有同一违法行为：${d.priorCases.map((p) => p.caseNumber).join('、')}`}
        </Typography>
        <Typography variant="body2" sx={{ mt: 1 }}>
          须采取的措施：{d.measures.join('、')}（免罚不免责）
        </Typography>
        <Table size="small" sx={{ mt: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>规则</TableCell>
              <TableCell>结果</TableCell>
              <TableCell>依据</TableCell>
              <TableCell>说明</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {d.reasons.map((r, i) => (
              <TableRow key={i}>
                <TableCell>{RULE_ZH[r.rule] ?? r.rule}</TableCell>
                <TableCell>{r.passed ? '✓' : '—'}</TableCell>
                <TableCell>{r.citation}</TableCell>
                <TableCell>{r.detail}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          决定书说明
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
            void navigator.clipboard?.writeText(d.summary).then(() => notify('已复制 / copied'));
          }}
        >
          复制说明
        </Button>
      </CardContent>
    </Card>
  );
}
