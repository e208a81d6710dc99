import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { workspaceRoot } from '@eshop/testing';

/** Where a failed scenario's screenshots go (git-ignored; CI keeps the folder as an artifact). */
export const ARTIFACTS_DIR = join(workspaceRoot, 'test-artifacts', 'storefront');

interface Shot {
  readonly file: string;
  /** Base64, as Chromium sends it: decoded only when written. */
  readonly png: string;
}

interface Watched {
  readonly page: Page;
  cdp?: CDPSession;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * A scenario told in named steps. After each step every watched page (one per browser
 * context: alice's, the admin's…) is photographed into memory; when a step fails, its
 * pages are photographed too and all pictures are written to
 * `test-artifacts/storefront/<scenario>/<nn>-<step>-<who>.png`, and the error names the
 * folder. A passing scenario writes nothing.
 */
export class Storyboard {
  private readonly pages = new Map<string, Watched>();
  private readonly shots: Shot[] = [];
  private steps = 0;

  constructor(private readonly scenario: string) {}

  /** Photographs `page` after every later step, labelled `who`. */
  watch<T extends Page>(who: string, page: T): T {
    this.pages.set(who, { page });
    return page;
  }

  async step<T>(name: string, action: () => Promise<T>): Promise<T> {
    this.steps += 1;
    const label = `${String(this.steps).padStart(2, '0')}-${slug(name)}`;
    try {
      const result = await action();
      await this.photograph(label);
      return result;
    } catch (error) {
      await this.photograph(`${label}-failed`);
      const folder = this.save();
      const message = `step "${name}" failed: ${error instanceof Error ? error.message : String(error)}\nscreenshots: ${folder}`;
      // Printed as well: a timeout of the whole test would hide the thrown message.
      console.error(`storefront "${this.scenario}": ${message}`);
      if (error instanceof Error) {
        error.message = message;
        throw error;
      }
      throw new Error(message);
    }
  }

  private async photograph(label: string): Promise<void> {
    for (const [who, watched] of this.pages) {
      if (watched.page.isClosed()) continue;
      try {
        // Chromium's own capture, encoded for speed: a picture after every step costs little
        // even on a loaded machine (page.screenshot() waits for fonts and frames first).
        watched.cdp ??= await watched.page.context().newCDPSession(watched.page);
        const { data } = await watched.cdp.send('Page.captureScreenshot', { format: 'png', optimizeForSpeed: true });
        this.shots.push({ file: `${label}-${slug(who)}.png`, png: data });
      } catch {
        // A page that cannot be photographed (crashed, navigating away) must not hide the failure.
      }
    }
  }

  private save(): string {
    const folder = join(ARTIFACTS_DIR, slug(this.scenario));
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    for (const shot of this.shots) writeFileSync(join(folder, shot.file), Buffer.from(shot.png, 'base64'));
    return folder;
  }
}
