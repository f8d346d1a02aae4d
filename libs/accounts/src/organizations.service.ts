import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '@council/audit';
import { ConflictError } from '@council/core';
import { isUniqueViolation } from '@council/database';
import { OrganizationEntity } from './persistence/organization.entity';
import { requireText } from './domain/text';

export interface CreateOrganizationCommand {
  name: string;
  shortName: string;
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<OrganizationEntity[]> {
    return this.dataSource.getRepository(OrganizationEntity).find({ order: { name: 'ASC' } });
  }

  async findByIds(ids: readonly string[]): Promise<Array<OrganizationEntity | null>> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(OrganizationEntity)
      .findBy({ id: In([...ids]) });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async create(actorId: string, command: CreateOrganizationCommand): Promise<OrganizationEntity> {
    const name = requireText(command.name, 'name', 300);
    const shortName = requireText(command.shortName, 'shortName', 100);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organization = await manager.save(
          manager.create(OrganizationEntity, { name, shortName }),
        );
        await this.audit.record(manager, {
          actorId,
          action: 'accounts.organization_created',
          entityType: 'organization',
          entityId: organization.id,
          summary: { name, shortName },
        });
        return organization;
      });
    } catch (error) {
      if (isUniqueViolation(error, 'uq_organization_name')) {
        throw new ConflictError(
          'ORGANIZATION_EXISTS',
          'An organisation with this name already exists',
        );
      }
      throw error;
    }
  }
}
