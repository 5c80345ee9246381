import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { apiWith, renderEditor } from '../../__testUtils__/postmortemEditor';
import { postmortemFixture } from './testFixtures';

describe('PostmortemEditorPage export', () => {
  const markdown = '# Postmortem: INC-7 Checkout failing\n';

  it('downloads the Markdown export named after the incident', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = apiWith(postmortemFixture(), {
      getPostmortemMarkdown: jest.fn(async () => markdown),
    });
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:postmortem';
    });
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const downloads: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        downloads.push(this.download);
      });
    try {
      await renderEditor(api);
      await user.click(
        await screen.findByRole('button', { name: 'Download Markdown' }),
      );
      await waitFor(() => expect(downloads).toEqual(['INC-7-postmortem.md']));
      expect(api.getPostmortemMarkdown).toHaveBeenCalledWith(3);
      expect(await blobs[0].text()).toBe(markdown);
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:postmortem');
    } finally {
      click.mockRestore();
    }
  });

  it('copies the Markdown export', async () => {
    const user = userEvent.setup({ delay: null, pointerEventsCheck: 0 });
    const api = apiWith(postmortemFixture(), {
      getPostmortemMarkdown: jest.fn(async () => markdown),
    });
    const writeText = jest
      .spyOn(navigator.clipboard, 'writeText')
      .mockResolvedValue(undefined);
    await renderEditor(api);
    await user.click(
      await screen.findByRole('button', { name: 'Copy Markdown' }),
    );
    expect(
      await screen.findByText('Markdown copied to the clipboard.'),
    ).toBeInTheDocument();
    expect(writeText).toHaveBeenCalledWith(markdown);
  });
});
