/** `kiana-YYYY-MM-DD.sqlite` in local time: the day, as the person sees it, of the backup. */
export function exportFileName(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `kiana-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.sqlite`;
}
