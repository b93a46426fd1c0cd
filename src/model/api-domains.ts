/** The custom domain names a stack serves its APIs on. */
import { isObject } from '../util/objects.js';
import { referencedId } from './intrinsics.js';
import type { ApiDomain, ResourceNode, Stack, TemplateRef } from './types.js';

const SAM_APIS = new Set(['AWS::Serverless::Api', 'AWS::Serverless::HttpApi']);
const DOMAIN_NAMES = new Set(['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName']);
/** The resources that map a domain name to an API, and the property that names the API. */
const MAPPINGS: Record<string, string> = {
  'AWS::ApiGateway::BasePathMapping': 'RestApiId',
  'AWS::ApiGateway::BasePathMappingV2': 'RestApiId',
  'AWS::ApiGatewayV2::ApiMapping': 'ApiId',
};

/**
 * The custom domains of a CloudFormation or SAM stack's APIs, with a host written out: a SAM Api's
 * or HttpApi's `Domain.DomainName` (or SAM `Globals.Api.Domain`, for the implicit `ServerlessRestApi`
 * too), and each `AWS::ApiGateway::DomainName`/`AWS::ApiGatewayV2::DomainName`, attributed to the API
 * a base path or API mapping of the stack gives it. A host with a parameter in it is left out.
 */
export function apiDomainsOf(stack: Stack, globals: Record<string, unknown>): ApiDomain[] {
  const domains: ApiDomain[] = [];
  const globalDomain = isObject(globals['Api']) ? globals['Api']['Domain'] : undefined;
  for (const resource of stack.resources) {
    if (SAM_APIS.has(resource.type)) {
      const domain = resource.properties['Domain'] ?? (resource.type === 'AWS::Serverless::Api' ? globalDomain : undefined);
      add(domains, isObject(domain) ? domain['DomainName'] : undefined, resource.logicalId, resource.at);
    } else if (DOMAIN_NAMES.has(resource.type)) {
      add(domains, resource.properties['DomainName'], mappedApi(stack.resources, resource) ?? resource.logicalId, resource.at, resource.logicalId);
    }
  }
  if (stack.implicitRestApi?.logicalId === 'ServerlessRestApi' && isObject(globalDomain)) {
    add(domains, globalDomain['DomainName'], 'ServerlessRestApi', stack.implicitRestApi.at);
  }
  return domains;
}

/**
 * serverless-domain-manager's domains: `custom.customDomain` (one), or `custom.customDomains` (a
 * list of `{ rest | http: { domainName } }` or of plain settings), for the service's REST API
 * (`ApiGatewayRestApi`) or, with `apiType: http`, its HTTP API (`HttpApi`). WebSocket domains reach
 * clients, not functions, and are left out.
 */
export function serverlessDomainsOf(custom: Record<string, unknown>, at: TemplateRef): ApiDomain[] {
  const domains: ApiDomain[] = [];
  const settings = [custom['customDomain'], ...(Array.isArray(custom['customDomains']) ? custom['customDomains'] : [])];
  for (const entry of settings) {
    if (!isObject(entry)) continue;
    const typed = ['rest', 'http'].filter((type) => isObject(entry[type]));
    const configs: Record<string, unknown>[] = typed.length > 0 ? typed.map((type) => ({ ...(entry[type] as Record<string, unknown>), apiType: type })) : [entry];
    for (const config of configs) {
      const apiType = typeof config['apiType'] === 'string' ? config['apiType'].toLowerCase() : 'rest';
      if (apiType === 'websocket' || config['enabled'] === false || config['enabled'] === 'false') continue;
      add(domains, config['domainName'], apiType === 'http' ? 'HttpApi' : 'ApiGatewayRestApi', at);
    }
  }
  return domains;
}

/** The API a mapping of the stack serves on this domain name resource (referenced, or named by the same host). */
function mappedApi(resources: readonly ResourceNode[], domain: ResourceNode): string | undefined {
  for (const resource of resources) {
    const apiProperty = MAPPINGS[resource.type];
    if (!apiProperty) continue;
    const named = resource.properties['DomainName'];
    const sameDomain = referencedId(named) === domain.logicalId || (typeof named === 'string' && named === domain.properties['DomainName']);
    const api = sameDomain ? referencedId(resource.properties[apiProperty]) : undefined;
    if (api) return api;
  }
  return undefined;
}

/** A written-out host: no parameter or variable left in it. */
function add(domains: ApiDomain[], host: unknown, api: string, at: TemplateRef, resource?: string): void {
  if (typeof host !== 'string') return;
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  if (!/^[a-z0-9.-]+$/.test(name) || !name.includes('.')) return;
  if (!domains.some((d) => d.host === name && d.api === api)) domains.push({ host: name, api, at, ...(resource ? { resource } : {}) });
}
