import { Config } from '@backstage/config';
import {
  parseSlackChannelAnnotation,
  SeverityLevel,
} from '@firebreak/plugin-incidents-common';

const CONFIG_KEY = 'incidents.slack';
/** Slack's own Web API; tests and air-gapped installs point `apiUrl` elsewhere. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** `incidents.slack`, read and checked. */
export interface SlackSettings {
  botToken: string;
  apiUrl: string;
  /** Severity ids whose incidents get a channel of their own. */
  incidentChannels: string[];
  /** Channel for incidents whose owner team names none. */
  defaultChannel?: string;
}

/**
 * Reads `incidents.slack`; undefined when it is absent (Slack off). Throws an Error
 * naming the key when a value is invalid, so a typo stops startup instead of silently
 * sending nothing.
 */
export function readSlackSettings(
  config: Config,
  severities: SeverityLevel[],
): SlackSettings | undefined {
  const slack = config.getOptionalConfig(CONFIG_KEY);
  if (!slack) return undefined;
  const botToken = slack.getString('botToken').trim();
  if (!botToken) {
    throw new Error(`Invalid config ${CONFIG_KEY}.botToken: must not be empty`);
  }
  const apiUrl = slack.getOptionalString('apiUrl') ?? DEFAULT_SLACK_API_URL;
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(
      `Invalid config ${CONFIG_KEY}.apiUrl: '${apiUrl}' is not a URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(
      `Invalid config ${CONFIG_KEY}.apiUrl: must be an http(s) URL, got ${url.protocol}`,
    );
  }
  const incidentChannels =
    slack.getOptionalStringArray('incidentChannels') ?? [];
  for (const id of incidentChannels) {
    if (!severities.some(level => level.id === id)) {
      throw new Error(
        `Invalid config ${CONFIG_KEY}.incidentChannels: '${id}' is not a severity; expected one of ${severities
          .map(level => level.id)
          .join(', ')}`,
      );
    }
  }
  const defaultChannelText = slack.getOptionalString('defaultChannel');
  let defaultChannel: string | undefined;
  if (defaultChannelText !== undefined) {
    const parsed = parseSlackChannelAnnotation(defaultChannelText);
    if (!parsed.ok) {
      throw new Error(
        `Invalid config ${CONFIG_KEY}.defaultChannel: ${parsed.problems[0].message}`,
      );
    }
    defaultChannel = parsed.value;
  }
  return {
    botToken,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    incidentChannels,
    defaultChannel,
  };
}
