import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { api } from '../api/client';

/** A question image stored by the API: fetched with the bearer token (an <img src> could not send it). */
export function StoredImage({ fileId, alt }: { fileId: string; alt: string }) {
  const file = useQuery({
    queryKey: ['question-file', fileId],
    queryFn: async () => {
      const { data, response } = await api.GET('/api/v1/question-files/{fileId}', {
        params: { path: { fileId } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new Error(`HTTP ${response.status}`);
      return data as Blob;
    },
    staleTime: Infinity,
  });
  const url = useMemo(() => (file.data ? URL.createObjectURL(file.data) : null), [file.data]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url ? <img src={url} alt={alt} style={{ maxWidth: '100%', height: 'auto' }} /> : null;
}
