import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchQuery, type FoundUnit } from './api';

/**
 * Chooses a unit of the caller's subtree by typing part of its name or code (diacritics optional); each option shows
 * the unit's trail of ancestors, since many wards share a name across the city.
 */
export function UnitPicker({
  label,
  value,
  onChange,
  exclude,
  error,
  helperText,
  autoFocus,
}: {
  label: string;
  value: FoundUnit | null;
  onChange: (unit: FoundUnit | null) => void;
  exclude?: string;
  error?: boolean;
  helperText?: string;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const q = useDeferredValue(input.trim());
  const found = useQuery({ ...searchQuery(q), enabled: q.length > 0 });
  const options = (found.data ?? []).filter((u) => u.id !== exclude);
  return (
    <Autocomplete
      value={value}
      onChange={(_, unit) => onChange(unit)}
      inputValue={input}
      onInputChange={(_, text) => setInput(text)}
      options={value && !options.some((o) => o.id === value.id) ? [value, ...options] : options}
      filterOptions={(x) => x}
      autoHighlight
      getOptionLabel={(u) => u.name}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={found.isFetching}
      loadingText={t('common.loading')}
      noOptionsText={q ? t('units.noResults') : t('units.search')}
      renderOption={({ key, ...props }, u) => (
        <li key={key} {...props}>
          <span>
            {u.name}
            <br />
            <small>{[...u.trail, u.code].join(' › ')}</small>
          </span>
        </li>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          error={error}
          helperText={helperText}
          autoFocus={autoFocus}
          margin="normal"
        />
      )}
    />
  );
}
