import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'organization' })
@Unique('uq_organization_name', ['name'])
// On ORGANIZATION_NAME_KEY(name) (case, ё/е, quotes and look-alike letters folded): an expression TypeORM cannot
// describe, kept by the migrations.
@Index('uq_organization_name_folded', { synchronize: false })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_organization' })
  id: string;

  // Sorted as readers expect (migration 1764700000000-NameCollation).
  @Column({ type: 'text', collation: 'und-x-icu' })
  name: string;

  @Column({ type: 'text' })
  shortName: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
