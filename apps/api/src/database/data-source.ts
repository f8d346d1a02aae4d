// The DataSource the TypeORM CLI loads (`-d dist/apps/api/src/database/data-source.js`).
import { createCliDataSource } from './cli-data-source';

export default createCliDataSource();
