import { Container, PluginHeader } from '@backstage/ui';
import WhatshotIcon from '@material-ui/icons/Whatshot';
import { ReactNode } from 'react';

/** Props of {@link IncidentsPageFrame}. */
export type IncidentsPageFrameProps = {
  /** Adds the plugin header: legacy apps have none, the new frontend system adds its own. */
  withHeader?: boolean;
  title: string;
  children: ReactNode;
};

/** The frame of the plugin's pages: padded content, under a header in legacy apps. */
export function IncidentsPageFrame(props: IncidentsPageFrameProps) {
  const content = <Container pt="6">{props.children}</Container>;
  if (!props.withHeader) return content;
  return (
    <>
      <PluginHeader
        title={props.title}
        icon={<WhatshotIcon fontSize="inherit" />}
      />
      {content}
    </>
  );
}
