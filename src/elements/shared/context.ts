import { createContext } from '@lit/context';
import type { CtSession } from './session.js';

/** The session a `<ct-lookup-provider>` hands down to the elements inside it. */
export const sessionContext = createContext<CtSession | undefined>(Symbol.for('cloudtrail-elements/session'));
