import { screen } from '@testing-library/react';

/**
 * The card with this title, once it is shown. Queries by role inside one card are far
 * cheaper than across a whole page, where each weighs every button's accessible name.
 */
export async function findCard(title: string): Promise<HTMLElement> {
  const heading = await screen.findByText(title, {
    selector: 'h2, h3, h4, h5, h6, span',
  });
  return heading.closest<HTMLElement>('.MuiCard-root')!;
}
