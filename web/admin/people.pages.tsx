import type { consolePages } from './console-route';

export function registerPeoplePages(_pages: ReturnType<typeof consolePages>) {}
