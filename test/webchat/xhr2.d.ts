/** xhr2 ships no types: it is an XMLHttpRequest for Node, which botframework-directlinejs needs for polling. */
declare module 'xhr2' {
  const XMLHttpRequest: typeof globalThis.XMLHttpRequest;
  export default XMLHttpRequest;
}
