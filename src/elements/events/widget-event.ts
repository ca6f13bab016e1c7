/** The base of every element event: bubbles, crosses shadow roots (`composed`), carries a plain `detail`. */
export abstract class WidgetEvent<T> extends CustomEvent<T> {
  constructor(type: string, detail: T, cancelable = false) {
    super(type, { detail, bubbles: true, composed: true, cancelable });
  }
}
