import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useEffect, useState } from 'react';

/*
 * The paper's fields that are typed or picked from a list — a typed or numeric answer, a matching question's lists,
 * the prediction — in a chunk of their own (MUI's TextField and Select, ≈ 25 KB gzipped): most papers are choice
 * questions, and their first screen must not wait for these on a slow link (#14). Loaded through `lazyFields.tsx`.
 */

/** Typed text is saved once the typing pauses, not at every key. */
export function TypedAnswer({
  initial,
  label,
  multiline,
  numeric,
  onAnswer,
}: {
  initial: string;
  label: string;
  multiline?: boolean;
  numeric?: boolean;
  onAnswer: (text: string) => void;
}) {
  const [text, setText] = useState(initial);
  useEffect(() => {
    if (text === initial) return;
    const timer = setTimeout(() => onAnswer(text), 700);
    return () => clearTimeout(timer);
  }, [text, initial, onAnswer]);
  return (
    <TextField
      label={label}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => text !== initial && onAnswer(text)}
      multiline={multiline}
      minRows={multiline ? 4 : undefined}
      // On the <input> itself (TextField's own inputMode prop never reached it): the phone shows its number pad.
      slotProps={{ htmlInput: { inputMode: numeric ? 'decimal' : undefined } }}
    />
  );
}

/** One prompt of a matching question and the list of choices to pair it with. */
export function MatchingPair({
  id,
  prompt,
  choices,
  value,
  onChange,
}: {
  id: string;
  prompt: string;
  choices: string[];
  value: string;
  onChange: (choice: string) => void;
}) {
  return (
    <FormControl fullWidth>
      <InputLabel id={id}>{prompt}</InputLabel>
      <Select labelId={id} label={prompt} value={value} onChange={(e) => onChange(String(e.target.value))}>
        {choices.map((c) => (
          <MenuItem key={c} value={c} sx={{ minHeight: 48 }}>
            {c}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** A plain MUI text field (the prediction). */
export function Field(props: TextFieldProps) {
  return <TextField {...props} />;
}
