import { useQuery } from '@tanstack/react-query';

/** A text file from a URL (presigned S3 links allow cross-origin GET); keyed by a stable id, not the signed URL. */
export function useTextAt(key: string | null | undefined, url: string | null | undefined) {
  return useQuery({
    queryKey: ['text', key],
    queryFn: async () => {
      const response = await fetch(url!);
      if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
      return response.text();
    },
    enabled: Boolean(key && url),
    staleTime: Infinity,
  });
}
