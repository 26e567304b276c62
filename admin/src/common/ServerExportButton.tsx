import { useState } from 'react';
import { Button, Menu, MenuItem } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useListContext, useNotify, useTranslate } from 'react-admin';
import { authorizedFetch } from '../api';

/**
 * Export of a whole list through the server (GET /export/…): the same filter and permissions
 * as the list, no row cap, Chinese headers, CSV (UTF-8 with BOM for Excel) or XLSX.
 */
export function ServerExportButton({ file }: { file: 'cases' | 'enterprises' }) {
  const { filterValues } = useListContext<{ id: string }>() as { filterValues: Record<string, unknown> };
  const notify = useNotify();
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const download = async (format: 'csv' | 'xlsx') => {
    setAnchor(null);
    const res = await authorizedFetch(
      `/export/${file}.${format}?filter=${encodeURIComponent(JSON.stringify(filterValues ?? {}))}`,
    );
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      notify(body?.error?.message ?? `export: ${res.status}`, { type: 'error' });
      return;
    }
    const name = /filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1];
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name ? decodeURIComponent(name) : `${file}.${format}`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <>
      <Button
        size="small"
        startIcon={<DownloadIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        name="server-export"
      >
        {translate('ra.action.export')}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => void download('csv')}>CSV</MenuItem>
        <MenuItem onClick={() => void download('xlsx')}>Excel (XLSX)</MenuItem>
      </Menu>
    </>
  );
}
