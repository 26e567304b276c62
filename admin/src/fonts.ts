/*
 * Noto Sans SC's @font-face rules (one per unicode-range slice, font-display: swap), loaded as a
 * chunk of its own once the panel has started, so the first screen does not wait for them; the
 * font files themselves are fetched only for characters the system's fonts lack (./theme.ts).
 * Only the woff2 files are kept (admin/vite.config.mts): every browser the panel supports reads them.
 */
import '@fontsource/noto-sans-sc/400.css';
