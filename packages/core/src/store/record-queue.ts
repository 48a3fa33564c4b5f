/** A FIFO whose push and take are amortised O(1) (an array with a moving head, compacted now and then). */
export interface RecordQueue<T> {
  readonly size: number;
  push(item: T): void;
  /** removes and returns up to `count` items from the front */
  take(count: number): T[];
  /** returns items to the front, in their order (a batch that could not be written) */
  putBack(items: readonly T[]): void;
}

const COMPACT_AFTER = 1024;

/**
 * @example
 * const queue = createRecordQueue<number>();
 * queue.push(1); queue.push(2);
 * queue.take(1) // [1]
 */
export function createRecordQueue<T>(): RecordQueue<T> {
  let items: T[] = [];
  let head = 0;
  return {
    get size() {
      return items.length - head;
    },
    push(item) {
      items.push(item);
    },
    take(count) {
      const taken = items.slice(head, head + Math.max(0, count));
      head += taken.length;
      if (head === items.length) {
        items = [];
        head = 0;
      } else if (head >= COMPACT_AFTER && head * 2 >= items.length) {
        items = items.slice(head);
        head = 0;
      }
      return taken;
    },
    putBack(returned) {
      if (returned.length <= head) {
        head -= returned.length;
        for (let i = 0; i < returned.length; i++) items[head + i] = returned[i] as T;
      } else {
        items = [...returned, ...items.slice(head)];
        head = 0;
      }
    },
  };
}
