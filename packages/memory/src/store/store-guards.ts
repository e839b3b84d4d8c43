import { ResourceNotFoundException, ServiceException } from './errors.js';
import type { CreatedEvent } from './event-shapes.js';
import type { MemoryConfig, MemoryStoreHooks } from './types.js';

/**
 * The error of a call on a closed store, naming the class to create again.
 * @example throw storeClosed('SqliteMemoryStore')
 */
export function storeClosed(storeName: string): ServiceException {
  return new ServiceException(`The memory store is closed; create a new ${storeName}`, {
    id: 'MEMORY_STORE_CLOSED',
  });
}

/**
 * Throws ResourceNotFoundException unless the store serves `memoryId`, listing those it does.
 * @example requireServedMemory(memories, valid.memoryId)
 */
export function requireServedMemory(memories: ReadonlyMap<string, MemoryConfig>, memoryId: string): void {
  if (!memories.has(memoryId)) {
    throw new ResourceNotFoundException(
      `Memory ${memoryId} not found; this store serves ${[...memories.keys()].join(', ')} (configure "memories" to add one)`,
      { id: 'MEMORY_NOT_FOUND', details: { memoryId } },
    );
  }
}

/**
 * Runs the `onEventCreated` hook for a newly stored event (never for an idempotent replay).
 * @example notifyEventCreated(options.onEventCreated, created)
 */
export function notifyEventCreated(hook: MemoryStoreHooks['onEventCreated'], created: CreatedEvent): void {
  if (created.replayed || !hook) return;
  try {
    hook(created.event, created.context);
  } catch {
    // The event is stored; a failing listener must not turn a successful write into an error.
  }
}
