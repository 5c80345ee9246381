export { PostmortemEditorPage } from './PostmortemEditorPage';
