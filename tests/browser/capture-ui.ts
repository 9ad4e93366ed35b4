/** Writing a memory as a person does, shared by the multi-device browser tests. */
import { openApp, type Device } from './devices.ts';
import { storeReady } from './storage-rpc.ts';

/** Saves a memory through Capture and waits until it is listed as saved. */
export async function capture(d: Device, base: string, text: string): Promise<void> {
  const page = await openApp(d, base, '/#/capture');
  await storeReady(page);
  await page.getByRole('textbox', { name: 'New memory' }).fill(text);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('list', { name: 'Recently saved' }).getByText(text).waitFor();
}
