/**
 * Makes every media query match (a phone's screen) or none (a desktop's), as jsdom has
 * no `matchMedia` of its own. Undo it with {@link restoreScreen}.
 */
export function screenIsNarrow(narrow: boolean) {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (query: string) => ({
      matches: narrow,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

/** Takes the media queries of {@link screenIsNarrow} away again. */
export function restoreScreen() {
  delete (window as { matchMedia?: unknown }).matchMedia;
}
