/** The base of every element's events: bubbling, crossing shadow roots (`composed`), a plain `detail`. */
export abstract class WidgetEvent<T> extends CustomEvent<T> {
  constructor(type: string, detail: T, cancelable = false) {
    super(type, { detail, bubbles: true, composed: true, cancelable });
  }
}
