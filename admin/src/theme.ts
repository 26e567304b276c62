import { defaultDarkTheme, defaultLightTheme, type RaThemeOptions } from 'react-admin';

/**
 * The system's own fonts first (Latin, then the usual CJK faces of Windows, macOS and Linux),
 * then Noto Sans SC from npm (@fontsource/noto-sans-sc, the font the PDFs print with) for a
 * machine with no CJK font at all, instead of boxes. Its faces are split by unicode-range and
 * declared lazily (./fonts.ts), so a browser fetches one only for characters no system font has.
 */
export const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  '"Noto Sans SC"',
  'sans-serif',
].join(', ');

const withFont = (theme: RaThemeOptions): RaThemeOptions => ({
  ...theme,
  typography: { ...theme.typography, fontFamily: FONT_FAMILY },
});

export const lightTheme = withFont(defaultLightTheme);
export const darkTheme = withFont(defaultDarkTheme);
