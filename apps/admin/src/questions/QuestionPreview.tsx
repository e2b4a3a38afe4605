import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../lib/format';
import type { QuestionInput } from './form';
import { RichText } from './RichText';
import { StoredImage } from './StoredImage';

export type PreviewImage = { name: string; dataUrl?: string; fileId?: string };
export type PreviewQuestion = Omit<QuestionInput, 'files'> & { images?: PreviewImage[] };

/**
 * The question as a participant will see it in an attempt: the text (escaped, or sanitized HTML), then the answer
 * controls of its type. The answer key and feedback show only when asked for, as they would after submission.
 */
export function QuestionPreview({ question, headingLevel = 2 }: { question: PreviewQuestion; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const [showKey, setShowKey] = useState(false);
  const id = useId();
  const heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <Box component="section" aria-labelledby={`${id}-title`} data-testid="question-preview">
      <Box sx={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
        <Typography id={`${id}-title`} component={heading} variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('preview.title')}
        </Typography>
        <FormControlLabel
          control={<Switch checked={showKey} onChange={(e) => setShowKey(e.target.checked)} />}
          label={t('preview.showKey')}
        />
      </Box>
      <Box sx={{ border: '1px solid #c4c8cf', borderRadius: 2, p: 2, bgcolor: '#fff', mt: 1 }}>
        {question.title && (
          <Typography component="p" sx={{ fontWeight: 600, mb: 1 }}>
            <RichText text={question.title} inline />
          </Typography>
        )}
        <Box id={`${id}-text`} sx={{ mb: 2, fontSize: '1.05rem' }} data-testid="preview-text">
          {question.text.trim() ? <RichText text={question.text} format={question.format} /> : t('preview.empty')}
        </Box>
        {question.images?.map((img) =>
          img.dataUrl ? (
            <img key={img.name} src={img.dataUrl} alt={img.name} style={{ maxWidth: '100%', height: 'auto' }} />
          ) : img.fileId ? (
            <StoredImage key={img.name} fileId={img.fileId} alt={img.name} />
          ) : null,
        )}
        <Answer question={question} labelledBy={`${id}-text`} showKey={showKey} />
        {showKey && question.generalFeedback && (
          <Box sx={{ mt: 2, p: 1.5, bgcolor: '#eef3f9', borderRadius: 1 }}>
            <Typography component="p" variant="body2" sx={{ fontWeight: 600 }}>
              {t('preview.generalFeedback')}
            </Typography>
            <RichText text={question.generalFeedback} format={question.format} />
          </Box>
        )}
      </Box>
    </Box>
  );
}

function KeyNote({ children }: { children: ReactNode }) {
  return (
    <Typography component="span" variant="body2" sx={{ display: 'block', color: '#1b5e20', ml: 4 }}>
      {children}
    </Typography>
  );
}

function Answer({
  question,
  labelledBy,
  showKey,
}: {
  question: PreviewQuestion;
  labelledBy: string;
  showKey: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [single, setSingle] = useState('');
  const [multiple, setMultiple] = useState<number[]>([]);
  const [matches, setMatches] = useState<Record<number, string>>({});
  const points = (fraction: number) =>
    Number.isFinite(fraction) ? t('preview.points', { percent: formatPercent(fraction) }) : '';
  switch (question.type) {
    case 'single':
    case 'multiple': {
      const options = question.options ?? [];
      const key = (i: number) => {
        const o = options[i]!;
        return showKey ? (
          <KeyNote>
            {o.fraction > 0 ? `${t('preview.correct')} · ` : ''}
            {points(o.fraction)}
            {o.feedback ? ` · ${o.feedback}` : ''}
          </KeyNote>
        ) : null;
      };
      const label = (i: number) => (
        <span>
          <RichText text={options[i]!.text} format={question.format} inline />
          {key(i)}
        </span>
      );
      return (
        <FormControl component="fieldset" fullWidth>
          <FormLabel component="legend" sx={visuallyHiddenLegend}>
            {t('preview.yourAnswer')}
          </FormLabel>
          {question.type === 'single' ? (
            <RadioGroup aria-labelledby={labelledBy} value={single} onChange={(e) => setSingle(e.target.value)}>
              {options.map((_, i) => (
                <FormControlLabel key={i} value={String(i)} control={<Radio />} label={label(i)} />
              ))}
            </RadioGroup>
          ) : (
            <FormGroup aria-labelledby={labelledBy}>
              {options.map((_, i) => (
                <FormControlLabel
                  key={i}
                  control={
                    <Checkbox
                      checked={multiple.includes(i)}
                      onChange={(e) =>
                        setMultiple((prev) => (e.target.checked ? [...prev, i] : prev.filter((x) => x !== i)))
                      }
                    />
                  }
                  label={label(i)}
                />
              ))}
            </FormGroup>
          )}
          <Typography variant="caption" sx={{ color: 'text.secondary' }}>
            {t('preview.shuffled')}
          </Typography>
        </FormControl>
      );
    }
    case 'truefalse':
      return (
        <FormControl component="fieldset">
          <FormLabel component="legend" sx={visuallyHiddenLegend}>
            {t('preview.yourAnswer')}
          </FormLabel>
          <RadioGroup aria-labelledby={labelledBy} value={single} onChange={(e) => setSingle(e.target.value)} row>
            <FormControlLabel value="true" control={<Radio />} label={t('editor.true')} />
            <FormControlLabel value="false" control={<Radio />} label={t('editor.false')} />
          </RadioGroup>
          {showKey && (
            <KeyNote>
              {t('preview.correct')}: {question.correct === false ? t('editor.false') : t('editor.true')}
              {question.trueFeedback ? ` · ${t('editor.true')}: ${question.trueFeedback}` : ''}
              {question.falseFeedback ? ` · ${t('editor.false')}: ${question.falseFeedback}` : ''}
            </KeyNote>
          )}
        </FormControl>
      );
    case 'short':
    case 'numerical':
      return (
        <Box>
          <TextField
            label={t('preview.yourAnswer')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            slotProps={{ htmlInput: { inputMode: question.type === 'numerical' ? 'decimal' : 'text' } }}
            sx={{ minWidth: 280 }}
          />
          {showKey && (
            <Box component="ul" sx={{ m: 0, mt: 1, pl: 3, color: '#1b5e20' }}>
              {(question.answers ?? []).map((a, i) => (
                <li key={i}>
                  {question.type === 'numerical'
                    ? `${Number.isFinite(a.value) ? formatNumber(a.value!) : '?'}${a.tolerance ? ` ± ${formatNumber(a.tolerance)}` : ''}`
                    : a.text}{' '}
                  — {points(a.fraction)}
                  {a.feedback ? ` · ${a.feedback}` : ''}
                </li>
              ))}
            </Box>
          )}
        </Box>
      );
    case 'matching': {
      const pairs = question.pairs ?? [];
      // Participants pick from every right-hand side; sorted here so the preview does not give the key away.
      const choices = [...new Set([...pairs.map((p) => p.answer), ...(question.distractors ?? [])])].sort((a, b) =>
        a.localeCompare(b, 'vi'),
      );
      return (
        <Box sx={{ display: 'grid', gap: 1.5 }}>
          {pairs.map((pair, i) => (
            <Box key={i} sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
              <Box sx={{ flex: '1 1 200px' }}>
                <RichText text={pair.prompt} format={question.format} />
              </Box>
              <TextField
                select
                size="small"
                label={`${t('preview.yourAnswer')} ${i + 1}`}
                value={matches[i] ?? ''}
                onChange={(e) => setMatches((m) => ({ ...m, [i]: e.target.value }))}
                sx={{ flex: '1 1 200px' }}
              >
                <MenuItem value="">{t('preview.choose')}</MenuItem>
                {choices.map((c) => (
                  <MenuItem key={c} value={c}>
                    {c}
                  </MenuItem>
                ))}
              </TextField>
              {showKey && <KeyNote>{`${t('preview.correct')}: ${pair.answer}`}</KeyNote>}
            </Box>
          ))}
        </Box>
      );
    }
    case 'essay':
      return (
        <TextField
          label={t('preview.yourAnswer')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          multiline
          minRows={5}
          fullWidth
          helperText={t('preview.essayHint')}
        />
      );
    case 'description':
      return null;
  }
}

const visuallyHiddenLegend = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
} as const;
