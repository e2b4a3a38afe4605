import { CORE_ENTITIES } from '#core';
import { IDENTITY_ENTITIES } from '#identity';

/** Every entity of every domain library: the app is the one place that knows them all. */
export const ALL_ENTITIES = [...CORE_ENTITIES, ...IDENTITY_ENTITIES];
