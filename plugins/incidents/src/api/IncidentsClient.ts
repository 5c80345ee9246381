import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { SeverityLevel } from '@firebreak/plugin-incidents-common';
import { IncidentsApi } from './IncidentsApi';

/** {@link IncidentsApi} over HTTP, with the signed-in user's credentials. */
export class IncidentsClient implements IncidentsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getSeverities(): Promise<SeverityLevel[]> {
    const body = await this.get<{ items: SeverityLevel[] }>('/severities');
    return body.items;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('incidents');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
