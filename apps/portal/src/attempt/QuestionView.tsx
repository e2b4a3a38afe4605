import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { useTranslation } from '../i18n';
import { RichText } from '../../../admin/src/questions/RichText';
import { MatchingPair, TypedAnswer } from './lazyFields';
import type { AnswerValue, Question } from './store';

const optionSx = {
  m: 0,
  mb: 1,
  border: 1,
  borderColor: 'divider',
  borderRadius: 1,
  bgcolor: 'background.paper',
  minHeight: 52,
  pr: 1.5,
  alignItems: 'center',
  '&:has(input:checked)': { borderColor: 'primary.main', bgcolor: '#e8f0f8' },
} as const;

/** One question of the paper and the way to answer it; each change is an answer to save at once. */
export function QuestionView({
  question,
  index,
  answer,
  onAnswer,
}: {
  question: Question;
  index: number;
  answer: AnswerValue | undefined;
  onAnswer: (value: AnswerValue) => void;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const type = question.type;
  const options = question.options ?? [];
  const chosen = answer?.optionIds ?? [];
  return (
    <Stack spacing={1.5}>
      <Typography id={labelId} component="h2" variant="h6" sx={{ fontSize: 18 }}>
        <span style={{ display: 'block', fontSize: 14, fontWeight: 400 }}>
          {t('attempt.questionN', { n: index + 1 })}
        </span>
        <RichText text={question.text} format={question.format} />
      </Typography>
      {(type === 'single' || type === 'truefalse') && (
        <RadioGroup
          aria-labelledby={labelId}
          value={chosen[0] ?? ''}
          onChange={(e) => onAnswer({ optionIds: [e.target.value] })}
        >
          {options.map((o) => (
            <FormControlLabel
              key={o.id}
              value={o.id}
              control={<Radio />}
              label={<RichText text={o.text} format={question.format} inline />}
              sx={optionSx}
            />
          ))}
        </RadioGroup>
      )}
      {type === 'multiple' && (
        <div role="group" aria-labelledby={labelId}>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {t('attempt.chooseAll')}
          </Typography>
          {options.map((o) => (
            <FormControlLabel
              key={o.id}
              control={
                <Checkbox
                  checked={chosen.includes(o.id)}
                  onChange={(e) =>
                    onAnswer({
                      optionIds: e.target.checked ? [...chosen, o.id] : chosen.filter((id) => id !== o.id),
                    })
                  }
                />
              }
              label={<RichText text={o.text} format={question.format} inline />}
              sx={{ ...optionSx, display: 'flex' }}
            />
          ))}
        </div>
      )}
      {(type === 'short' || type === 'essay') && (
        <TypedAnswer
          key={question.id}
          initial={answer?.text ?? ''}
          label={t('attempt.yourAnswer')}
          multiline={type === 'essay'}
          onAnswer={(text) => onAnswer({ text })}
        />
      )}
      {type === 'numerical' && (
        <TypedAnswer
          key={question.id}
          initial={answer?.value !== undefined ? String(answer.value).replace('.', ',') : ''}
          label={t('attempt.yourNumber')}
          numeric
          onAnswer={(text) => {
            // Vietnamese write 3,5 for 3.5; an empty box clears nothing (a number is needed).
            const value = Number(text.trim().replace(/\s/g, '').replace(',', '.'));
            if (text.trim() && Number.isFinite(value)) onAnswer({ value });
          }}
        />
      )}
      {type === 'matching' &&
        (question.pairs ?? []).map((p) => (
          <MatchingPair
            key={p.id}
            id={`${labelId}-${p.id}`}
            prompt={p.prompt}
            choices={question.choices ?? []}
            value={answer?.pairs?.[p.id] ?? ''}
            onChange={(choice) => onAnswer({ pairs: { ...(answer?.pairs ?? {}), [p.id]: choice } })}
          />
        ))}
    </Stack>
  );
}

/** Whether an answer counts as given (for the strip and the list of unanswered questions at submission). */
export function isAnswered(question: Question, answer: AnswerValue | undefined): boolean {
  if (question.type === 'description') return true;
  if (!answer) return false;
  if (answer.optionIds) return answer.optionIds.length > 0;
  if (answer.text !== undefined) return answer.text.trim().length > 0;
  if (answer.value !== undefined) return true;
  if (answer.pairs) return Object.keys(answer.pairs).length > 0;
  return false;
}
