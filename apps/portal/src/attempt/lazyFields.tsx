import { lazy, Suspense, type ComponentProps, type ComponentType } from 'react';

const fields = () => import('./TypedFields');

/**
 * A component of TypedFields.tsx, loaded the first time one is shown. Until then a box of the field's height holds
 * its place, so nothing below it moves when it arrives.
 */
function later<P extends object>(load: () => Promise<ComponentType<P>>, height: (props: P) => number) {
  const Component = lazy(async () => ({ default: await load() }));
  return function LazyField(props: P) {
    return (
      <Suspense fallback={<div aria-busy="true" style={{ minHeight: height(props) }} />}>
        <Component {...props} />
      </Suspense>
    );
  };
}

export const TypedAnswer = later(
  () => fields().then((m) => m.TypedAnswer),
  (p: ComponentProps<(typeof import('./TypedFields'))['TypedAnswer']>) => (p.multiline ? 140 : 56),
);
export const MatchingPair = later(
  () => fields().then((m) => m.MatchingPair),
  () => 56,
);
export const Field = later(
  () => fields().then((m) => m.Field),
  () => 80,
);
