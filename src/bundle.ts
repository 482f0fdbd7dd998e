/**
 * Entry of the one-file bundle (`dist/cloudtrail-elements.bundle.js`): registers every tag and
 * exports the classes and types, so a static page needs one `<script type="module">` and no build.
 */
export * from './index.js';
import './define/all.js';
