import { renderStatusUpdate, statusUpdateTemplateFor } from './statusUpdates';

describe('status update templates', () => {
  it('renders variables and leaves unknown ones visible', () => {
    expect(
      renderStatusUpdate('{{ref}} {{title}} {{nope}}', {
        ref: 'INC-1',
        title: 'Down',
      }),
    ).toBe('INC-1 Down {{nope}}');
  });

  it('picks the template of the status, and investigating for early ones', () => {
    expect(statusUpdateTemplateFor('monitoring')).toContain('monitoring');
    expect(statusUpdateTemplateFor('triggered')).toBe(
      statusUpdateTemplateFor('investigating'),
    );
  });
});
