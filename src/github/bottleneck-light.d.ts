// bottleneck/light.js (the build the throttling plugin uses, without the Redis clustering code) ships no
// types of its own; its API is that of the full build.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
